import { describe, expect, it } from 'vitest';

import {
  EMAIL_MESSAGES,
  normalizeEmail,
  PASSWORD_MESSAGES,
  serverTrim,
  validateConfirmation,
  validateEmail,
  validatePassword,
} from '.';

const emailCode = (raw: string) => validateEmail(raw)?.code;
const passwordCode = (raw: string, email: string | null = 'li.lei@example.cn') => validatePassword(raw, email)?.code;

// The cases of backend/src/rules/email.rs and password.rs, plus a few edges of the port.
describe('validateEmail', () => {
  it('trims and lower-cases like the server', () => {
    expect(normalizeEmail('  Zhang.San@PKU.edu.CN \n')).toBe('zhang.san@pku.edu.cn');
    expect(normalizeEmail('\u3000a@b.cn\u3000')).toBe('a@b.cn'); // full-width space
    expect(serverTrim('\u0085a\u0085')).toBe('a'); // Rust trims NEL…
    expect(serverTrim('\ufeffa')).toBe('\ufeffa'); // …but not the BOM
    expect(validateEmail('  Zhang.San@PKU.edu.CN \n')).toBeNull();
  });

  it('accepts ordinary addresses', () => {
    for (const ok of ['a@b.cn', 'first.last+tag@mail.example.com', 'x_y-z@sub-domain.example.org', '12345@qq.com']) {
      expect(validateEmail(ok), ok).toBeNull();
    }
  });

  it('refuses each kind of bad address with its code and the server message', () => {
    expect(emailCode('')).toBe('email_required');
    expect(emailCode('   ')).toBe('email_required');
    expect(emailCode('张三@example.com')).toBe('email_not_ascii');
    expect(emailCode('a＠b.cn')).toBe('email_not_ascii');
    expect(emailCode(`${'a'.repeat(250)}@example.com`)).toBe('email_too_long');
    // Bytes, not characters, as in Rust: 120 Chinese characters are 360 bytes.
    expect(emailCode(`${'张'.repeat(120)}@example.com`)).toBe('email_too_long');
    for (const bad of [
      'plainaddress',
      '@example.com',
      'a@',
      'a@b',
      'a@b.c',
      'a..b@example.com',
      '.a@example.com',
      'a.@example.com',
      'a b@example.com',
      'a@-example.com',
      'a@example-.com',
      'a@exa_mple.com',
      'a@example.c0m',
      'a@@example.com',
      `${'a'.repeat(65)}@example.com`,
    ]) {
      expect(emailCode(bad), bad).toBe('email_invalid');
    }
    expect(validateEmail('张三@example.com')).toEqual({
      code: 'email_not_ascii',
      message: '电子邮箱只能包含英文字母、数字和符号，请检查是否输入了中文或全角字符。',
    });
    expect(validateEmail('foo')?.message).toBe('电子邮箱格式不正确，应类似 name@example.com。');
    expect(EMAIL_MESSAGES.email_invalid).toBe('电子邮箱格式不正确，应类似 name@example.com。');
  });
});

describe('validatePassword', () => {
  it('accepts 6 to 64 letters and digits', () => {
    for (const ok of ['Xuexin2026', 'abc7z9', 'a1'.repeat(32)]) {
      expect(validatePassword(ok, 'li.lei@example.cn'), ok).toBeNull();
    }
  });

  it('has a code and the server message for every rule', () => {
    expect(passwordCode('')).toBe('password_too_short');
    expect(passwordCode('ab1')).toBe('password_too_short');
    expect(passwordCode(`${'a1'.repeat(32)}z`)).toBe('password_too_long');
    expect(passwordCode('abc 12345')).toBe('password_invalid_characters');
    expect(passwordCode('abc!12345')).toBe('password_invalid_characters');
    expect(passwordCode('密码密码123')).toBe('password_invalid_characters');
    expect(passwordCode('ａｂｃ１２３４')).toBe('password_invalid_characters');
    expect(passwordCode('LiLei')).toBe('password_too_short');
    expect(passwordCode('li.lei')).toBe('password_invalid_characters');
    // Length counts characters (code points), not UTF-16 units or bytes.
    expect(passwordCode('😀😀😀')).toBe('password_too_short');
    expect(validatePassword('ab1')?.message).toBe('密码至少需要 6 位。');
    expect(PASSWORD_MESSAGES.password_too_long).toBe('密码最多 64 位。');
    expect(validatePassword('abc 12345')?.message).toBe('密码只能由英文字母和数字组成，不能包含空格、符号或中文。');
  });

  it('refuses the email or its name part, in any case', () => {
    expect(validatePassword('XUEXIN2026', 'xuexin2026@example.cn')).toEqual({
      code: 'password_equals_email',
      message: '密码不能与邮箱或邮箱用户名相同。',
    });
    expect(passwordCode('LiLeiHanMei', ' LiLeiHanMei@Example.cn ')).toBe('password_equals_email');
    expect(passwordCode('Xuexin2026', 'xuexin2026@example.cn')).toBe('password_equals_email');
    expect(passwordCode('Xuexin2027', 'xuexin2026@example.cn')).toBeUndefined();
  });

  it('skips the email rule when the email is unknown or invalid, like the server', () => {
    expect(passwordCode('xuexin2026', null)).toBeUndefined();
    expect(passwordCode('xuexin2026', 'xuexin2026@')).toBeUndefined();
    expect(passwordCode('xuexin2026', '')).toBeUndefined();
  });
});

describe('validateConfirmation', () => {
  it('asks for the password again and for the same one', () => {
    expect(validateConfirmation('Xuexin2026', '')?.message).toBe('请再次输入密码。');
    expect(validateConfirmation('Xuexin2026', 'xuexin2026')?.message).toBe('两次输入的密码不一致。');
    expect(validateConfirmation('Xuexin2026', 'Xuexin2026')).toBeNull();
  });
});
