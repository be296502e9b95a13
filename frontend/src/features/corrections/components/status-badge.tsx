import { Badge } from '@/components/ui/badge';

import { statusInfo } from '../lib/labels';

/** 待审核 / 已通过 / 已驳回 / 已失效 / 已撤回 in a coloured badge (the text says it; the colour repeats it). */
export function ChangeRequestStatusBadge({ status }: { status: string }) {
  const info = statusInfo(status);
  return (
    <Badge tone={info.tone} srPrefix="状态：" testId="change-request-status">
      {info.label}
    </Badge>
  );
}

/** A pending request whose record changed since: it can no longer be approved. */
export function StaleBadge() {
  return (
    <Badge tone="danger" outline testId="change-request-stale">
      学籍已变动
    </Badge>
  );
}
