/** The words of image collation: students' report kinds and states, in Chinese. */
import type { BadgeTone } from '@/components/ui/badge';

import type { CollationKind, CollationStatus } from '../api/types';

export const COLLATION_KINDS: Record<CollationKind, { label: string; about: string }> = {
  this_is_me: { label: '这是我的照片', about: '学生认为这张采集照片是自己的，但它没有关联到学生的学籍。' },
  none_of_these: { label: '都不是我', about: '学生找过了，没有一张采集照片是自己的。' },
  wrong_photo: { label: '照片不是我', about: '学生学籍上的照片不是本人。' },
};

export const COLLATION_STATUSES: Record<CollationStatus, { tab: string; label: string; tone: BadgeTone }> = {
  open: { tab: '待处理', label: '待处理', tone: 'warn' },
  resolved: { tab: '已处理', label: '已处理', tone: 'ok' },
  rejected: { tab: '未通过', label: '未通过', tone: 'danger' },
};

export const COLLATION_STATUS_ORDER: readonly CollationStatus[] = ['open', 'resolved', 'rejected'];

export function isCollationStatus(value: string | null): value is CollationStatus {
  return value === 'open' || value === 'resolved' || value === 'rejected';
}

/** The kind in Chinese; an unknown one as it is. */
export function collationKindLabel(kind: string): string {
  return (COLLATION_KINDS as Record<string, { label: string }>)[kind]?.label ?? kind;
}

/** 照片校对申请 in one state (`?status=`, 待处理 by default) and page. */
export function collationPath(status: CollationStatus, page = 1): string {
  const params = new URLSearchParams();
  if (status !== 'open') params.set('status', status);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/staff/collation-requests?${query}` : '/staff/collation-requests';
}

/** What happened after 保存更正: the photo links to a record now, or still not. */
export const LINKED_NOW = '已关联到学籍';
export const STILL_UNLINKED = '仍未关联：没有学籍的学校名称、姓名和身份证号与之完全一致';

/** `48211` → "47.1 KB"; from 1 MB in MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
