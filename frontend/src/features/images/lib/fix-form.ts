/**
 * 更正采集信息: the captured details a school may fix, their labels, and which of them the form
 * changed (compared the way the server stores them), so only those are sent.
 */
import { normalizeIdNumber, normalizeName, validateIdNumber, validateName } from '@/lib/rules';
import { serverTrim } from '@/lib/rules/email';

import type { ImagePatch, ImageRecord } from '../api/types';

export const FIX_FIELDS = ['school_name', 'name', 'id_number'] as const;
export type FixField = (typeof FIX_FIELDS)[number];
export type FixValues = Record<FixField, string>;

export const FIX_LABELS: Record<FixField, string> = { school_name: '学校名称', name: '姓名', id_number: '身份证号' };

export const SCHOOL_NAME_MAX_CHARS = 100;

const NORMALIZE: Record<FixField, (value: string) => string> = {
  school_name: serverTrim,
  name: normalizeName,
  id_number: normalizeIdNumber,
};

export function currentFixValues(record: Pick<ImageRecord, FixField>): FixValues {
  return { school_name: record.school_name, name: record.name, id_number: record.id_number };
}

export function isUnchanged(field: FixField, value: string, current: FixValues): boolean {
  return NORMALIZE[field](value) === NORMALIZE[field](current[field]);
}

/** The fields whose value differs from the record's, as the server will store them. */
export function changedFixFields(current: FixValues, values: FixValues): ImagePatch {
  const changes: ImagePatch = {};
  for (const field of FIX_FIELDS) {
    if (!isUnchanged(field, values[field], current)) changes[field] = NORMALIZE[field](values[field]);
  }
  return changes;
}

/** The rule a changed value breaks (the server's rules and messages), or `null`. */
export function fixFieldError(field: FixField, value: string): string | null {
  if (field === 'name') return validateName(value)?.message ?? null;
  if (field === 'id_number') return validateIdNumber(value)?.message ?? null;
  const text = serverTrim(value);
  return text === '' || [...text].length > SCHOOL_NAME_MAX_CHARS ? `学校名称不能为空，最多 ${SCHOOL_NAME_MAX_CHARS} 个字。` : null;
}
