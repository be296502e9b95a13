import { Fragment, useId, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';

import type { UiError } from '@/api/problem';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { SubmitOrCancel } from '@/components/form/submit-or-cancel';
import { ProblemAlert } from '@/components/form/problem-alert';
import { TextareaField } from '@/components/form/textarea-field';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import tableStyles from '@/components/ui/data-table.module.css';
import { DataTable } from '@/components/ui/data-table';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Pagination } from '@/components/ui/pagination';
import { Panel } from '@/components/ui/panel';
import { Tabs } from '@/components/ui/tabs';
import { StaffForbidden, StaffRoleGate } from '@/components/staff-role-gate';
import { useApiQuery } from '@/hooks/use-api-query';
import { useFormFields } from '@/hooks/use-form-fields';
import { handOver, useSubmit } from '@/hooks/use-submit';
import { formatLocalDateTime } from '@/lib/datetime';
import { parsePage } from '@/lib/page-param';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';
import { enrollmentPath } from '@/lib/staff-links';

import { COLLATION_PER_PAGE, listCollationRequests } from '../api/list-collation-requests';
import { rejectCollationRequest } from '../api/reject-collation-request';
import { resolveCollationRequest } from '../api/resolve-collation-request';
import type { CollationRequest, CollationStatus } from '../api/types';
import { imageRecordPath } from '../lib/filters';
import { COLLATION_STATUS_ORDER, COLLATION_STATUSES, collationKindLabel, collationPath, isCollationStatus } from '../lib/labels';
import styles from './images.module.css';

/** Who may use 照片校对申请, and what everyone else is told. */
export const COLLATION_ROLES_MESSAGE = '照片校对申请只供院校管理员使用，用于处理本校学生对照片的反馈。';

type Decision = 'resolve' | 'reject';

const DECISIONS: Record<Decision, { label: string; field: string; hint: string; submit: string; done: string }> = {
  resolve: {
    label: '处理完成',
    field: '处理说明（选填）',
    hint: `学生会看到这段说明，例如：已更正采集记录中的姓名，照片已关联到你的学籍（最多 ${REASON_MAX_CHARS} 字）。`,
    submit: '确认处理完成',
    done: '已处理完成',
  },
  reject: {
    label: '驳回',
    field: '驳回原因',
    hint: `学生会看到这段说明：为什么不予处理（必填，最多 ${REASON_MAX_CHARS} 字）。`,
    submit: '确认驳回',
    done: '已驳回',
  },
};

/** 处理完成 (note optional) or 驳回 (note required) of one report; server messages next to the note. */
function DecisionForm({
  request,
  decision,
  onDecided,
  onClosed,
  onCancel,
}: {
  request: CollationRequest;
  decision: Decision;
  onDecided: (request: CollationRequest) => void;
  /** 409 `collation_request_closed`: decided meanwhile. */
  onClosed: (error: UiError) => void;
  onCancel: () => void;
}) {
  const words = DECISIONS[decision];
  const form = useFormFields({ note: '' }, { note: (value) => validateReason(value, { required: decision === 'reject' })?.message });
  const { busy, error, alertRef, onSubmit } = useSubmit(form, { alert: 'always' });
  const note = form.values.note.trim();
  const submit = onSubmit({
    send: () => (decision === 'resolve' ? resolveCollationRequest(request.id, note) : rejectCollationRequest(request.id, note)),
    onOk: onDecided,
    onError: handOver([409], onClosed),
  });

  return (
    <div className={formStyles.form}>
      {error && <ProblemAlert ref={alertRef} error={error.problem} />}
      <form className={formStyles.form} noValidate onSubmit={submit} aria-label={`${words.label}：${request.student_email ?? '学生'}的申请`}>
        <TextareaField label={words.field} hint={words.hint} autoFocus {...form.field('note')} />
        <SubmitOrCancel label={words.submit} variant={decision === 'reject' ? 'danger' : 'primary'} busy={busy} onCancel={onCancel} />
      </form>
    </div>
  );
}

function RequestRows({
  request,
  open,
  onOpen,
  onDecided,
  onClosed,
}: {
  request: CollationRequest;
  open: Decision | null;
  onOpen: (decision: Decision | null) => void;
  onDecided: (request: CollationRequest, decision: Decision) => void;
  onClosed: (error: UiError) => void;
}) {
  const formId = useId();
  const location = useLocation();
  // The photo's and the record's pages lead back here (this tab and page).
  const backTo = { backTo: location.pathname + location.search };
  const pending = request.status === 'open';
  const who = request.student_email ?? '学生';
  const button = (decision: Decision) => (
    <Button
      variant={open === decision ? 'primary' : decision === 'reject' ? 'danger' : 'secondary'}
      aria-expanded={open === decision}
      aria-controls={open === decision ? formId : undefined}
      onClick={() => onOpen(open === decision ? null : decision)}
    >
      {DECISIONS[decision].label}
      <span className="visually-hidden">：{who}的申请</span>
    </Button>
  );
  return (
    <>
      <tr data-testid="collation-row" data-status={request.status}>
        <td data-label="学生邮箱">{request.student_email ?? <span className={formStyles.muted}>—</span>}</td>
        <td data-label="类型" className={tableStyles.nowrap} data-testid="collation-kind">
          {collationKindLabel(request.kind)}
        </td>
        <td data-label="留言">{request.message || <span className={formStyles.muted}>—</span>}</td>
        <td data-label="时间" className={tableStyles.nowrap}>
          <time dateTime={request.created_at}>{formatLocalDateTime(request.created_at, { seconds: false })}</time>
        </td>
        <td data-label="相关记录">
          <ul className={styles.rowLinks}>
            {request.image_record_id && (
              <li>
                <Link to={imageRecordPath(request.image_record_id)} state={backTo}>
                  采集照片
                </Link>
              </li>
            )}
            <li>
              <Link to={enrollmentPath(request.enrollment_id)} state={backTo}>
                学籍
              </Link>
            </li>
          </ul>
        </td>
        {pending ? (
          <td data-label="办理" className={tableStyles.actions}>
            <div className={styles.rowActions}>
              {button('resolve')}
              {button('reject')}
            </div>
          </td>
        ) : (
          <td data-label="处理结果">
            <div className={styles.decision}>
              <Badge tone={COLLATION_STATUSES[request.status as CollationStatus]?.tone ?? 'neutral'}>
                {COLLATION_STATUSES[request.status as CollationStatus]?.label ?? request.status}
              </Badge>
              {request.decided_at && <span className={formStyles.muted}>{formatLocalDateTime(request.decided_at, { seconds: false })}</span>}
              {request.decision_note && <span data-testid="decision-note">{request.decision_note}</span>}
            </div>
          </td>
        )}
      </tr>
      {pending && open && (
        <tr className={tableStyles.detail}>
          <td colSpan={6}>
            <div id={formId} data-testid={`decision-${open}`}>
              <DecisionForm
                request={request}
                decision={open}
                onCancel={() => onOpen(null)}
                onClosed={onClosed}
                onDecided={(next) => onDecided(next, open)}
              />
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

function emptyText(status: CollationStatus): string {
  if (status === 'open') return '没有待处理的照片校对申请。';
  return status === 'resolved' ? '还没有处理完成的申请。' : '还没有驳回的申请。';
}

function Requests({ status, page }: { status: CollationStatus; page: number }) {
  const { result, retry, update } = useApiQuery((signal) => listCollationRequests(status, page, signal), `${status} ${page}`);
  const [open, setOpen] = useState<{ id: string; decision: Decision } | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'warning'; text: string } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  function say(tone: 'success' | 'warning', text: string) {
    setNotice({ tone, text });
    queueMicrotask(() => noticeRef.current?.focus());
  }

  const noticeAlert = notice && (
    <FormAlert ref={noticeRef} tone={notice.tone} testId="collation-notice">
      <p>{notice.text}</p>
    </FormAlert>
  );

  if (result.state === 'loading') return <Loading>正在读取照片校对申请…</Loading>;
  if (result.state === 'error') {
    if (result.error.status === 403) return <StaffForbidden message={COLLATION_ROLES_MESSAGE} />;
    return <LoadError error={result.error} onRetry={retry} />;
  }
  const { items, total, per_page: perPage } = result.data;
  if (items.length === 0) {
    return (
      <>
        {noticeAlert}
        <FormAlert tone="info" testId="no-collation-requests">
          <p>{page > 1 ? '这一页没有申请。' : emptyText(status)}</p>
          {page > 1 && (
            <p>
              <Link to={collationPath(status, 1)}>回到第 1 页</Link>
            </p>
          )}
        </FormAlert>
      </>
    );
  }
  return (
    <>
      {noticeAlert}
      <Pagination page={page} perPage={perPage || COLLATION_PER_PAGE} total={total} unit="份申请" hrefFor={(n) => collationPath(status, n)} />
      <DataTable testId="collation-requests" caption={<>照片校对申请（{COLLATION_STATUSES[status].tab}），先提交的在前</>} columns={['学生邮箱', '类型', '留言', '时间', '相关记录', status === 'open' ? '办理' : '处理结果']}>
        {items.map((request) => (
          <Fragment key={request.id}>
            <RequestRows
              request={request}
              open={open?.id === request.id ? open.decision : null}
              onOpen={(decision) => setOpen(decision ? { id: request.id, decision } : null)}
              onClosed={(error) => {
                setOpen(null);
                say('warning', error.message);
                retry();
              }}
              onDecided={(next, decision) => {
                setOpen(null);
                say('success', `${DECISIONS[decision].done}：${next.student_email ?? '学生'}的申请（${collationKindLabel(next.kind)}）。学生会看到处理结果。`);
                // Decided: it leaves the queue.
                update((data) => ({ ...data, items: data.items.filter((item) => item.id !== next.id), total: Math.max(0, data.total - 1) }));
              }}
            />
          </Fragment>
        ))}
      </DataTable>
    </>
  );
}

/**
 * 照片校对申请 (school admins): what the school's students reported about photos — 待处理 (oldest
 * first), 已处理, 未通过 — with links to the photo and the record; 处理完成 or 驳回 with a note the
 * student reads. The state and page are in the URL.
 */
export function CollationQueue() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const raw = params.get('status');
  const status: CollationStatus = isCollationStatus(raw) ? raw : 'open';
  const page = parsePage(params.get('page'));
  return (
    <StaffRoleGate roles={['school_admin']} message={COLLATION_ROLES_MESSAGE}>
      <Panel testId="collation-queue">
        <Tabs
          label="按状态筛选"
          tabs={COLLATION_STATUS_ORDER.map((value) => ({ value, label: COLLATION_STATUSES[value].tab }))}
          value={status}
          onChange={(next) => void navigate(collationPath(next))}
          testId="collation-tabs"
        >
          <div className={styles.results}>
            <Requests key={`${status} ${page}`} status={status} page={page} />
          </div>
        </Tabs>
      </Panel>
    </StaffRoleGate>
  );
}
