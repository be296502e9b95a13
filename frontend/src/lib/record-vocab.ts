/**
 * How the record vocabularies are shown. The API sends the Chinese values themselves (`在籍`,
 * `本科`, `普通全日制`, `男`), so only the status needs more than its text: a colour.
 */
import type { BadgeTone } from '@/components/ui/badge';

export type EnrollmentStatusKey = 'enrolled' | 'suspended' | 'withdrawn' | 'graduated' | 'completed' | 'revoked';

export interface StatusInfo {
  key: EnrollmentStatusKey | 'unknown';
  label: string;
  tone: BadgeTone;
}

/** 学籍状态: one colour per status (plus the text, so colour is never the only sign). */
export const ENROLLMENT_STATUSES: Record<EnrollmentStatusKey, { label: string; tone: BadgeTone }> = {
  enrolled: { label: '在籍', tone: 'ok' },
  suspended: { label: '休学', tone: 'warn' },
  withdrawn: { label: '退学', tone: 'danger' },
  graduated: { label: '毕业', tone: 'info' },
  completed: { label: '结业', tone: 'violet' },
  revoked: { label: '注销', tone: 'neutral' },
};

/** The badge of a status value (`在籍`…); an unknown value is shown as it is, in grey. */
export function enrollmentStatusInfo(value: string): StatusInfo {
  const entry = (Object.entries(ENROLLMENT_STATUSES) as [EnrollmentStatusKey, (typeof ENROLLMENT_STATUSES)[EnrollmentStatusKey]][]).find(
    ([, info]) => info.label === value,
  );
  if (!entry) return { key: 'unknown', label: value, tone: 'neutral' };
  const [key, { label, tone }] = entry;
  return { key, label, tone };
}

export type ReportStateName = 'active' | 'expired' | 'revoked';

/** Where a verification report stands, as a badge. */
export const REPORT_STATES: Record<ReportStateName, { label: string; tone: BadgeTone }> = {
  active: { label: '有效', tone: 'ok' },
  expired: { label: '已过期', tone: 'neutral' },
  revoked: { label: '已撤销', tone: 'danger' },
};

export const RECORD_TYPE_LABELS = { enrollment: '学籍', degree: '学历' } as const;
