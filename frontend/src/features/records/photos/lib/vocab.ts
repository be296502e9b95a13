/** How the photo reports and candidates are put into words (PRODUCT.md "Photos: image collation"). */
import type { BadgeTone } from '@/components/ui/badge';

import type { CollationKind } from '../api/types';

export type CollationStatusName = 'open' | 'resolved' | 'rejected';

/** Where a report stands: 处理中 / 已处理 / 未通过. */
export const COLLATION_STATUSES: Record<CollationStatusName, { label: string; tone: BadgeTone }> = {
  open: { label: '处理中', tone: 'warn' },
  resolved: { label: '已处理', tone: 'ok' },
  rejected: { label: '未通过', tone: 'danger' },
};

/** The badge of a status; an unknown value as it is, in grey. */
export function collationStatusInfo(status: string): { label: string; tone: BadgeTone } {
  return COLLATION_STATUSES[status as CollationStatusName] ?? { label: status, tone: 'neutral' };
}

/** What the student reported, as they would say it. */
export const COLLATION_KINDS: Record<CollationKind, string> = {
  this_is_me: '找到了我的照片',
  none_of_these: '没有找到我的照片',
  wrong_photo: '学籍上的照片不是我',
};

export const collationKindLabel = (kind: string) => COLLATION_KINDS[kind as CollationKind] ?? kind;

/** The fields a candidate photo is compared on, as `differs` names them. */
export const CANDIDATE_FIELDS: Record<string, string> = { school_name: '学校', name: '姓名', id_number: '身份证号' };

/** "与你的学籍不同：姓名、身份证号", or `null` when nothing differs. */
export function differsText(differs: readonly string[]): string | null {
  if (differs.length === 0) return null;
  return `与你的学籍不同：${differs.map((field) => CANDIDATE_FIELDS[field] ?? field).join('、')}`;
}

/** What the student reads once a report is filed (the school's module is called 图像校对). */
export const FILED_TEXT = '已提交给学校。学校会在“图像校对”模块中核查，处理结果会显示在本页的“我的照片校对申请”中。';
