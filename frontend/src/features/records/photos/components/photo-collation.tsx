import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

import formStyles from '@/components/form/form.module.css';
import { Badge } from '@/components/ui/badge';
import { Loading, LoadError } from '@/components/ui/load-states';
import { Panel } from '@/components/ui/panel';
import { formatDateTime } from '@/lib/format';

import type { CollationRequest } from '../api/types';
import { PHOTOS_ANCHOR } from '../lib/links';
import { collationKindLabel, collationStatusInfo } from '../lib/vocab';
import { useCollationRequests } from './collation-requests';
import styles from './photos.module.css';

function RequestItem({ request, schoolName }: { request: CollationRequest; schoolName?: string }) {
  const status = collationStatusInfo(request.status);
  return (
    <li className={styles.request} data-testid="collation-request" data-status={request.status}>
      <div className={styles.requestHead}>
        <span className={styles.requestTitle}>{collationKindLabel(request.kind)}</span>
        <Badge tone={status.tone} srPrefix="状态：" testId="collation-status">
          {status.label}
        </Badge>
      </div>
      <p className={formStyles.muted}>
        {schoolName ? `${schoolName}学籍 · ` : ''}提交于 {formatDateTime(request.created_at)}
      </p>
      {request.message && <p>你的说明：{request.message}</p>}
      {request.decision_note ? (
        <p className={styles.decision} data-testid="collation-decision">
          <strong>学校答复{request.decided_at ? `（${formatDateTime(request.decided_at)}）` : ''}：</strong>
          {request.decision_note}
        </p>
      ) : (
        request.status === 'open' && <p className={formStyles.muted}>等待学校在“图像校对”模块中核查。</p>
      )}
    </li>
  );
}

/**
 * 图像校对 on the 学籍 page: how proofreading the photo works, and 我的照片校对申请 (the reports
 * filed, newest first: 处理中 / 已处理 / 未通过 and the school's answer). Scrolled to when the page
 * is opened at `#photos`.
 */
export function PhotoCollation({ schools }: { schools: Record<string, string> }) {
  const { result, retry } = useCollationRequests();
  const ref = useRef<HTMLDivElement>(null);
  const { hash } = useLocation();
  useEffect(() => {
    if (hash !== `#${PHOTOS_ANCHOR}`) return;
    ref.current?.scrollIntoView?.({ block: 'start' });
    ref.current?.focus({ preventScroll: true });
  }, [hash]);

  return (
    <div id={PHOTOS_ANCHOR} ref={ref} tabIndex={-1} className={styles.anchor}>
      <Panel title="图像校对" testId="photo-collation">
        <p className={formStyles.muted}>
          学籍照片由图像采集部门拍摄，学校名称、姓名和身份证号都一致时才会显示在上面的学籍卡片中。请核对照片：是你本人点“正确”，不是点“有误”；没有照片可以点“没照片，找找看？”。你提交的申请由学校在“图像校对”模块中处理。
        </p>
        <h3 className={styles.subheading}>我的照片校对申请</h3>
        {result.state === 'loading' ? (
          <Loading>正在读取照片校对申请…</Loading>
        ) : result.state === 'error' ? (
          <LoadError error={result.error} onRetry={retry} />
        ) : result.data.items.length === 0 ? (
          <p className={formStyles.muted} data-testid="no-collation-requests">
            你还没有提交过照片校对申请。
          </p>
        ) : (
          <ul className={styles.requests} data-testid="collation-requests">
            {result.data.items.map((request) => (
              <RequestItem key={request.id} request={request} schoolName={schools[request.enrollment_id]} />
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
