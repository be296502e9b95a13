/**
 * How change requests read: their states in Chinese with a badge colour, a one-line summary of
 * the changed fields, and the part of a value that a correction changes (for the diff).
 */
import type { BadgeTone } from '@/components/ui/badge';
import { fieldLabel } from '@/lib/enrollment-fields';

import type { ChangeRequestStatus, FieldChange } from '../api/types';

export const CHANGE_REQUEST_STATUSES: Record<ChangeRequestStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: '待审核', tone: 'warn' },
  approved: { label: '已通过', tone: 'ok' },
  rejected: { label: '已驳回', tone: 'danger' },
  stale: { label: '已失效', tone: 'neutral' },
  withdrawn: { label: '已撤回', tone: 'violet' },
};

/** The states in the order of the list's filter. */
export const STATUS_ORDER: readonly ChangeRequestStatus[] = ['pending', 'approved', 'rejected', 'stale', 'withdrawn'];

export function isChangeRequestStatus(value: string | null): value is ChangeRequestStatus {
  return value !== null && (STATUS_ORDER as readonly string[]).includes(value);
}

export function statusInfo(status: string): { label: string; tone: BadgeTone } {
  return isChangeRequestStatus(status) ? CHANGE_REQUEST_STATUSES[status] : { label: status, tone: 'neutral' };
}

/** What a decision's reason is called, by the state it led to. */
export const DECISION_REASON_LABELS: Partial<Record<ChangeRequestStatus, string>> = {
  rejected: '驳回原因',
  withdrawn: '撤回原因',
  stale: '失效原因',
  approved: '审核意见',
};

/** `姓名：王小明 → 王晓明；专业：… → …` */
export function changesSummary(changes: readonly FieldChange[]): string {
  return changes.map((change) => `${fieldLabel(change.field)}：${change.before || '（空）'} → ${change.after || '（空）'}`).join('；');
}

/** `姓名、专业` */
export function changedFieldNames(changes: readonly FieldChange[]): string {
  return changes.map((change) => fieldLabel(change.field)).join('、');
}

export interface ValueDiff {
  /** Characters both values start with. */
  prefix: string;
  /** What the old value has in the middle (gone after the correction). */
  removed: string;
  /** What the new value has in the middle. */
  added: string;
  /** Characters both values end with. */
  suffix: string;
}

/**
 * Where two values differ, as the common start and end around the changed middle, counted in
 * characters (code points: 𠇔 is one), so 王小明 → 王晓明 marks only 小 → 晓.
 */
export function diffValues(before: string, after: string): ValueDiff {
  const a = [...before];
  const b = [...after];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end += 1;
  return {
    prefix: a.slice(0, start).join(''),
    removed: a.slice(start, a.length - end).join(''),
    added: b.slice(start, b.length - end).join(''),
    suffix: a.slice(a.length - end).join(''),
  };
}
