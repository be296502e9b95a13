import { describe, expect, it } from 'vitest';

import {
  chinaToday,
  formatChineseDate,
  idCheckChar,
  maskIdNumber,
  normalizeMobile,
  normalizeName,
  parseIdNumber,
  PROVINCE_CODES,
  validateIdNumber,
  validateMobile,
  validateName,
  validateSmsCode,
} from '.';

// The cases of backend/src/rules/{id_number,name,phone}.rs, plus edges of the port.
/** 2026-11-29, noon in China: the "today" of the Rust tests. */
const NOW = Date.UTC(2026, 10, 29, 4, 0, 0);
const idCode = (raw: string) => validateIdNumber(raw, NOW)?.code;
const withCheck = (first17: string) => `${first17}${idCheckChar(first17)}`;

describe('validateIdNumber', () => {
  it('accepts the example of GB 11643-1999 and derives birth date and sex', () => {
    expect(parseIdNumber('11010519491231002X', NOW)).toEqual({
      ok: true,
      value: { idNumber: '11010519491231002X', birthDate: '1949-12-31', sex: '女' },
    });
    for (const first17 of ['44030420010203123', '31011519990707456', '51010720051111001', '65010220000101111', '81000019980808001']) {
      expect(idCode(withCheck(first17)), first17).toBeUndefined();
    }
  });

  it('accepts a lowercase x and stores it upper-case; trims like the server', () => {
    const result = parseIdNumber(' 11010519491231002x ', NOW);
    expect(result.ok && result.value.idNumber).toBe('11010519491231002X');
    expect(parseIdNumber('\u300011010519491231002X\u3000', NOW).ok).toBe(true);
  });

  it('reads the sex from the 17th digit: odd 男, even 女', () => {
    const male = parseIdNumber(withCheck('44030420010203123'), NOW);
    expect(male.ok && male.value).toMatchObject({ birthDate: '2001-02-03', sex: '男' });
    const female = parseIdNumber(withCheck('44030420010203124'), NOW);
    expect(female.ok && female.value.sex).toBe('女');
  });

  it('knows February 29th only in leap years, and other impossible dates', () => {
    expect(idCode(withCheck('11010520000229001')), '2000 is a leap year').toBeUndefined();
    expect(idCode(withCheck('11010520040229001'))).toBeUndefined();
    expect(idCode(withCheck('11010519000229001')), '1900 is not').toBe('id_number_birth_date');
    expect(idCode(withCheck('11010520230229001'))).toBe('id_number_birth_date');
    expect(idCode(withCheck('11010520011301001')), 'month 13').toBe('id_number_birth_date');
    expect(idCode(withCheck('11010520010431001')), 'April 31').toBe('id_number_birth_date');
    expect(idCode(withCheck('11010520010100001')), 'day 0').toBe('id_number_birth_date');
    expect(validateIdNumber(withCheck('11010520230229001'), NOW)?.message).toBe('身份证号中的出生日期 20230229 不是真实的日期，请检查第 7–14 位。');
  });

  it('refuses birth dates in the future or before 1900', () => {
    expect(idCode(withCheck('11010520261130001')), 'tomorrow').toBe('id_number_birth_date');
    expect(idCode(withCheck('11010520261129001')), 'born today').toBeUndefined();
    expect(idCode(withCheck('11010518991231001'))).toBe('id_number_birth_date');
    expect(validateIdNumber(withCheck('11010520261130001'), NOW)?.message).toBe('身份证号中的出生日期（第 7–14 位）不能晚于今天或早于 1900 年。');
    // "Today" is China's date: at 23:30 UTC on the 29th it is already the 30th in Beijing.
    expect(chinaToday(Date.UTC(2026, 10, 29, 23, 30))).toBe('20261130');
    expect(validateIdNumber(withCheck('11010520261130001'), Date.UTC(2026, 10, 29, 23, 30))).toBeNull();
  });

  it('has a code and the server message for length, format and region', () => {
    expect(idCode('')).toBe('id_number_required');
    expect(idCode('   ')).toBe('id_number_required');
    expect(validateIdNumber('11010519491231002', NOW)).toEqual({ code: 'id_number_length', message: '身份证号应为 18 位，您输入了 17 位。' });
    expect(idCode('11010519491231002X1')).toBe('id_number_length');
    // Counted in characters (code points), like Rust's chars().count().
    expect(validateIdNumber('11010519491231002𠇔', NOW)?.code).toBe('id_number_format'); // 18 characters, 19 UTF-16 units
    expect(idCode('1101051949123100２X')).toBe('id_number_format'); // a full-width digit
    expect(idCode('11010519491231002Y')).toBe('id_number_format');
    expect(idCode('1101051949123100X2')).toBe('id_number_format');
    expect(validateIdNumber('1101051949123100X2', NOW)?.message).toBe('身份证号前 17 位必须是数字，最后一位是数字或字母 X。');
    expect(idCode(withCheck('99010519491231002'))).toBe('id_number_region');
    expect(idCode(withCheck('00010519491231002'))).toBe('id_number_region');
    expect(idCode(withCheck('10010519491231002'))).toBe('id_number_region');
    expect(validateIdNumber(withCheck('99010519491231002'), NOW)?.message).toBe('身份证号前两位 99 不是有效的省级行政区代码，请检查。');
    expect(PROVINCE_CODES).toHaveLength(35);
  });

  it('catches every wrong check character of one number', () => {
    const good = withCheck('32010619980512345');
    expect(idCode(good)).toBeUndefined();
    const wrong = [...'0123456789X'].map((c) => `${good.slice(0, 17)}${c}`).filter((candidate) => candidate !== good);
    expect(wrong).toHaveLength(10);
    for (const candidate of wrong) expect(idCode(candidate), candidate).toBe('id_number_checksum');
    expect(validateIdNumber(wrong[0]!, NOW)?.message).toBe('身份证号校验位不正确，可能有数字输错了，请逐位核对。');
  });

  it('computes MOD 11-2 check characters, including X', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('1101051949123100')).toBeNull();
    expect(idCheckChar('1101051949123100a')).toBeNull();
  });

  it('masks like the server and formats dates for people', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(formatChineseDate('1949-12-31')).toBe('1949年12月31日');
    expect(formatChineseDate('2004-02-09')).toBe('2004年2月9日');
  });
});

describe('validateName', () => {
  const nameCode = (raw: string) => validateName(raw)?.code;

  it('accepts common and rare names, outside the Basic Multilingual Plane too', () => {
    for (const ok of ['李明', '  欧阳娜娜 ', '𠇔伟', '王𬱟', '张〇', '买买提·艾力', '阿卜杜·热合曼·阿不都']) {
      expect(validateName(ok), ok).toBeNull();
    }
    expect(normalizeName('  欧阳娜娜 ')).toBe('欧阳娜娜');
  });

  it('turns look-alike dots into ·', () => {
    for (const dot of ['・', '•', '．', '.', '‧', '∙', '⋅', '･']) {
      expect(normalizeName(`买买提${dot}艾力`), dot).toBe('买买提·艾力');
      expect(validateName(`买买提${dot}艾力`), dot).toBeNull();
    }
  });

  it('allows · only between parts', () => {
    expect(nameCode('·艾力')).toBe('name_dot_position');
    expect(nameCode('艾力·')).toBe('name_dot_position');
    expect(nameCode('买买提··艾力')).toBe('name_dot_position');
    expect(nameCode('买买提・•艾力')).toBe('name_dot_position');
    expect(validateName('艾力·')?.message).toBe('间隔号“·”只能出现在姓名的各部分之间，不能在开头、结尾或连续出现。');
  });

  it('refuses pinyin, mixed scripts and other characters, naming the character', () => {
    expect(nameCode('')).toBe('name_required');
    expect(nameCode('   ')).toBe('name_required');
    expect(validateName('liming')).toEqual({ code: 'name_latin', message: '姓名请用汉字填写，不要使用拼音或英文字母。（“l”）' });
    expect(nameCode('Li Ming')).toBe('name_latin');
    expect(nameCode('李Ming')).toBe('name_latin');
    expect(nameCode('李ｍ')).toBe('name_latin'); // full-width Latin
    expect(nameCode('Lǐ Míng')).toBe('name_latin'); // pinyin with tone marks
    expect(validateName('李明2')).toEqual({ code: 'name_digits', message: '姓名中不能有数字。（“2”）' });
    expect(nameCode('李明②')).toBe('name_digits');
    expect(nameCode('李 明')).toBe('name_space');
    expect(nameCode('李\u3000明')).toBe('name_space');
    expect(nameCode('李\ue000')).toBe('name_private_use');
    expect(nameCode('李明😀')).toBe('name_emoji');
    expect(validateName('李明😀')?.message).toBe('姓名中不能有表情符号。（“😀”）');
    expect(nameCode('李明！')).toBe('name_invalid_character');
    expect(nameCode('김민')).toBe('name_invalid_character'); // Hangul
    expect(nameCode('李明ア')).toBe('name_invalid_character'); // Katakana
  });

  it('counts length in code points, not UTF-16 units', () => {
    expect(nameCode('李')).toBe('name_too_short');
    expect('𠇔'.length).toBe(2);
    expect(nameCode('𠇔')).toBe('name_too_short'); // one character, two UTF-16 units
    expect(validateName('李')?.message).toBe('姓名至少 2 个字。');
    expect(validateName('李'.repeat(30))).toBeNull();
    expect(nameCode('李'.repeat(31))).toBe('name_too_long');
    expect(validateName('李'.repeat(31))?.message).toBe('姓名最多 30 个字。');
    expect(validateName('𠇔'.repeat(30))).toBeNull(); // 60 UTF-16 units
    expect(nameCode('𬱟'.repeat(31))).toBe('name_too_long');
  });
});

describe('validateMobile and validateSmsCode', () => {
  it('strips prefixes and separators', () => {
    for (const raw of ['13812345678', '+8613812345678', '8613812345678', ' 138-1234-5678 ', '+86 138 1234 5678']) {
      expect(normalizeMobile(raw), raw).toBe('13812345678');
      expect(validateMobile(raw), raw).toBeNull();
    }
  });

  it('refuses other numbers', () => {
    for (const raw of ['12812345678', '1381234567', '138123456789', '23812345678', '1381234567a', '+85213812345678', '+8612812345678', '１３８１２３４５６７８']) {
      expect(validateMobile(raw)?.code, raw).toBe('phone_invalid');
    }
    expect(validateMobile(' ')).toEqual({ code: 'phone_required', message: '请填写手机号。' });
    expect(validateMobile('123')?.message).toBe('请输入 11 位中国大陆手机号，例如 13812345678。');
  });

  it('wants 6 digits for the code', () => {
    expect(validateSmsCode(' 042917 ')).toBeNull();
    expect(validateSmsCode('')?.code).toBe('code_required');
    expect(validateSmsCode('12345')).toEqual({ code: 'code_format', message: '校验码是 6 位数字。' });
    expect(validateSmsCode('１２３４５６')?.code).toBe('code_format');
  });
});
