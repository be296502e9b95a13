/**
 * The 申请更正 form: every editable field prefilled with the record's value; what is sent is
 * only what differs from the record (trimmed; an ID number's `x` upper-cased, as the server
 * stores it), so the request lists exactly the corrections.
 */
import { EDITABLE_FIELDS, type EditableField } from '@/lib/enrollment-fields';

import type { StaffEnrollment } from '../api/types';

export type ChangeValues = Record<EditableField, string>;

/** The record's current values, as the form shows them. */
export function currentValues(enrollment: StaffEnrollment): ChangeValues {
  return Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, String(enrollment[field] ?? '')])) as ChangeValues;
}

/** A value as it would be stored: trimmed, an ID number upper-cased. */
export function normalizeValue(field: EditableField, value: string): string {
  const trimmed = value.trim();
  return field === 'id_number' ? trimmed.toUpperCase() : trimmed;
}

/** The fields whose value differs from the record's, with their new values (normalised). */
export function changedFields(current: ChangeValues, values: ChangeValues): Partial<ChangeValues> {
  const changes: Partial<ChangeValues> = {};
  for (const field of EDITABLE_FIELDS) {
    const next = normalizeValue(field, values[field]);
    if (next !== normalizeValue(field, current[field])) changes[field] = next;
  }
  return changes;
}
