import { describe, expect, it } from 'vitest';

import { normalizeName, validateName } from './name';
import { validateReason } from './reason';
import { invisibleCharacter } from './text';

describe('invisibleCharacter (like backend/src/rules/text.rs)', () => {
  it('refuses control, zero-width and bidi characters, naming the code point', () => {
    expect(invisibleCharacter('北京\u200b大学')).toEqual({
      code: 'invalid_characters',
      message: '含有不可见的零宽字符（U+200B），请删除后重新填写。',
    });
    expect(invisibleCharacter('李\u202e华')?.message).toBe('含有改变文字方向的控制字符（U+202E），请删除后重新填写。');
    expect(invisibleCharacter('a\u0000b')?.message).toBe('含有空字符（U+0000），请删除后重新填写。');
    for (const c of ['\u0001', '\u007f', '\u0085', '\u200c', '\u200d', '\u2060', '\ufeff', '\u2066', '\u200e', '\u200f', '\u061c']) {
      expect(invisibleCharacter(`x${c}y`)?.code).toBe('invalid_characters');
    }
  });

  it('allows line breaks and tabs only in several-line text', () => {
    expect(invisibleCharacter('一\n二')?.code).toBe('invalid_characters');
    expect(invisibleCharacter('一\r\n二\t', { multiLine: true })).toBeNull();
    expect(invisibleCharacter('普通 文字·、。')).toBeNull();
  });
});

describe('names and reasons refuse what is not shown', () => {
  it('compares names in NFC', () => {
    expect(normalizeName('\uf9e1华')).toBe('李华');
    expect(validateName('\uf9e1华')).toBeNull();
  });

  it('names the invisible character in a name or reason', () => {
    expect(validateName('李\u202e华')?.code).toBe('invalid_characters');
    expect(validateName('李\u200b华')?.code).toBe('invalid_characters');
    expect(validateReason('学生\u202e来电')?.code).toBe('invalid_characters');
    expect(validateReason('第一行\n第二行')).toBeNull();
  });
});
