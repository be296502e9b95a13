/**
 * The rule every typed text passes first, as on the server (`backend/src/rules/text.rs`): no
 * character that is not shown (control, zero-width, bidi, NUL), since it makes text look like
 * other text; what remains is compared in Unicode NFC. Keep the two in step.
 */
import type { RuleError } from './rule-error';

/** Rust's `char::is_control`: general category Cc. */
const CONTROL = /^\p{Cc}$/u;

/** The Chinese name of the kind of a refused character, or `null` when it may stand in text. */
function kindOf(char: string, multiLine: boolean): string | null {
  if (multiLine && (char === '\n' || char === '\r' || char === '\t')) return null;
  const c = char.codePointAt(0) ?? 0;
  if (c === 0) return '空字符';
  if (CONTROL.test(char)) return '不可见的控制字符';
  if ((c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff) return '不可见的零宽字符';
  if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x200e || c === 0x200f || c === 0x061c) {
    return '改变文字方向的控制字符';
  }
  return null;
}

/** The server's error for the first character of `raw` that is not shown, or `null`. */
export function invisibleCharacter(raw: string, { multiLine = false }: { multiLine?: boolean } = {}): RuleError | null {
  for (const char of raw) {
    const kind = kindOf(char, multiLine);
    if (kind !== null) {
      const codePoint = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      return { code: 'invalid_characters', message: `含有${kind}（${codePoint}），请删除后重新填写。` };
    }
  }
  return null;
}
