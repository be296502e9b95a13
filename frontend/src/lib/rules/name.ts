/**
 * Personal names in Chinese characters, with the same rules, codes, order and Chinese messages as
 * the server (`backend/src/rules/name.rs`): trimmed, nothing invisible (see `./text`), in Unicode
 * NFC (U+F9E1 becomes 李), look-alike dots normalised to `·`, 2–30
 * characters counted as Unicode scalar values (code points, not UTF-16 units) of CJK ideographs of
 * every block (extension B and later included), `·` only between the parts. Keep the two in step.
 */
import { serverTrim } from './email';
import type { RuleError } from './rule-error';
import { invisibleCharacter } from './text';

/** The separator of the parts of a name (U+00B7). */
export const NAME_DOT = '·';
/** Dots people type instead of `·`; the server turns them into `·`. */
export const LOOK_ALIKE_DOTS: readonly string[] = ['・', '•', '．', '.', '‧', '∙', '⋅', '･'];
export const NAME_MIN_LEN = 2;
export const NAME_MAX_LEN = 30;

export type NameRuleCode =
  | 'name_required'
  | 'invalid_characters'
  | 'name_latin'
  | 'name_digits'
  | 'name_space'
  | 'name_private_use'
  | 'name_emoji'
  | 'name_invalid_character'
  | 'name_too_short'
  | 'name_too_long'
  | 'name_dot_position';

/** Whether the code point is a CJK ideograph of any block (unified, extensions A–I, compatibility, 〇). */
export function isIdeograph(codePoint: number): boolean {
  return (
    codePoint === 0x3007 ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0x20000 && codePoint <= 0x2a6df) ||
    (codePoint >= 0x2a700 && codePoint <= 0x2ee5f) ||
    (codePoint >= 0x2f800 && codePoint <= 0x2fa1f) ||
    (codePoint >= 0x30000 && codePoint <= 0x323af)
  );
}

const inRange = (c: number, from: number, to: number) => c >= from && c <= to;

/** Rust's `c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) || ('Ａ'..='ｚ').contains(&c)`. */
function isLatin(c: number): boolean {
  return inRange(c, 0x41, 0x5a) || inRange(c, 0x61, 0x7a) || inRange(c, 0xc0, 0x24f) || inRange(c, 0xff21, 0xff5a);
}

/** Rust's `char::is_numeric`: general categories Nd, Nl and No. */
const NUMERIC = /^\p{N}$/u;
/** Rust's `char::is_whitespace`: the `White_Space` property. */
const WHITE_SPACE = /^\p{White_Space}$/u;

function isPrivateUse(c: number): boolean {
  return inRange(c, 0xe000, 0xf8ff) || inRange(c, 0xf0000, 0xffffd) || inRange(c, 0x100000, 0x10fffd);
}

function isEmoji(c: number): boolean {
  return inRange(c, 0x1f000, 0x1faff) || inRange(c, 0x2600, 0x27bf) || c === 0xfe0f || c === 0x200d;
}

const CHARACTER_MESSAGES: Record<Exclude<NameRuleCode, 'name_required' | 'invalid_characters' | 'name_too_short' | 'name_too_long' | 'name_dot_position'>, string> = {
  name_latin: '姓名请用汉字填写，不要使用拼音或英文字母。',
  name_digits: '姓名中不能有数字。',
  name_space: '姓名中间不能有空格；少数民族姓名请用“·”分隔。',
  name_private_use: '姓名中有无法识别的造字（私用区字符），请改用标准汉字；如果是生僻字，请用可以正常输入的标准写法。',
  name_emoji: '姓名中不能有表情符号。',
  name_invalid_character: '姓名只能包含汉字和间隔号“·”。',
};

function characterCode(char: string): keyof typeof CHARACTER_MESSAGES {
  const c = char.codePointAt(0) ?? 0;
  if (isLatin(c)) return 'name_latin';
  if (NUMERIC.test(char)) return 'name_digits';
  if (WHITE_SPACE.test(char)) return 'name_space';
  if (isPrivateUse(c)) return 'name_private_use';
  if (isEmoji(c)) return 'name_emoji';
  return 'name_invalid_character';
}

/** The form the server stores: trimmed, in NFC, look-alike dots turned into `·`. */
export function normalizeName(raw: string): string {
  return [...serverTrim(raw).normalize('NFC')].map((c) => (LOOK_ALIKE_DOTS.includes(c) ? NAME_DOT : c)).join('');
}

/** The first rule `raw` breaks (in the server's order), or `null` for an acceptable name. */
export function validateName(raw: string): RuleError | null {
  const invisible = invisibleCharacter(serverTrim(raw));
  if (invisible) return invisible;
  const value = normalizeName(raw);
  if (value === '') return { code: 'name_required', message: '请填写姓名。' };
  const chars = [...value]; // code points: 𠇔 (U+201D4) is one character, two UTF-16 units
  for (const char of chars) {
    if (char === NAME_DOT || isIdeograph(char.codePointAt(0) ?? 0)) continue;
    const code = characterCode(char);
    return { code, message: `${CHARACTER_MESSAGES[code]}（“${char}”）` };
  }
  if (chars.length < NAME_MIN_LEN) return { code: 'name_too_short', message: `姓名至少 ${NAME_MIN_LEN} 个字。` };
  if (chars.length > NAME_MAX_LEN) return { code: 'name_too_long', message: `姓名最多 ${NAME_MAX_LEN} 个字。` };
  if (value.startsWith(NAME_DOT) || value.endsWith(NAME_DOT) || value.includes(NAME_DOT + NAME_DOT)) {
    return { code: 'name_dot_position', message: '间隔号“·”只能出现在姓名的各部分之间，不能在开头、结尾或连续出现。' };
  }
  return null;
}
