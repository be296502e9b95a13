import { describe, expect, it } from 'vitest';

// The cases the backend checks too (backend/tests/rule_vectors.rs): one file, so the two ports
// agree. As text (Vite's `?raw`, like openapi.yaml), so the type check does not need the file.
import vectorsJson from '../../../../tests/vectors/rules.json?raw';

import { normalizeMobile, normalizeName, parseIdNumber, validateMobile, validateName } from '.';

interface Valid {
  raw: string;
  value: string;
}
interface Invalid {
  raw: string;
  code: string;
}
interface Vectors {
  today: string;
  id_number: { valid: Valid[]; invalid: Invalid[] };
  name: { valid: Valid[]; invalid: Invalid[] };
  phone: { valid: Valid[]; invalid: Invalid[] };
}
const vectors = JSON.parse(vectorsJson) as Vectors;
const label = (raw: string) => JSON.stringify(raw);
/** Noon of `today` in China (UTC+8). */
const NOW = Date.parse(`${vectors.today}T04:00:00Z`);

describe('the shared rule vectors (tests/vectors/rules.json)', () => {
  it('ID numbers: the valid ones are stored as given, the invalid ones break the expected rule', () => {
    for (const { raw, value } of vectors.id_number.valid) {
      const result = parseIdNumber(raw, NOW);
      expect(result.ok && result.value.idNumber, label(raw)).toBe(value);
    }
    for (const { raw, code } of vectors.id_number.invalid) {
      const result = parseIdNumber(raw, NOW);
      expect(result.ok ? null : result.error.code, label(raw)).toBe(code);
    }
  });

  it('names', () => {
    for (const { raw, value } of vectors.name.valid) {
      expect(validateName(raw), label(raw)).toBeNull();
      expect(normalizeName(raw), label(raw)).toBe(value);
    }
    for (const { raw, code } of vectors.name.invalid) expect(validateName(raw)?.code, label(raw)).toBe(code);
  });

  it('mobile numbers', () => {
    for (const { raw, value } of vectors.phone.valid) {
      expect(validateMobile(raw), label(raw)).toBeNull();
      expect(normalizeMobile(raw), label(raw)).toBe(value);
    }
    for (const { raw, code } of vectors.phone.invalid) expect(validateMobile(raw)?.code, label(raw)).toBe(code);
  });
});
