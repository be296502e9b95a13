import { useState } from 'react';
import { Link } from 'react-router';

import type { UiError } from '@/api/problem';
import { FormAlert } from '@/components/form/form-alert';
import { RecordLoadError } from '@/components/record-load-error';
import formStyles from '@/components/form/form.module.css';
import { SubmitAlert } from '@/components/form/submit-alert';
import { TextareaField } from '@/components/form/textarea-field';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Loading } from '@/components/ui/load-states';
import { Panel } from '@/components/ui/panel';
import { FactList, type Fact } from '@/components/ui/fact-list';
import { StaffRoleGate } from '@/components/staff-role-gate';
import { useStaff } from '@/lib/staff/staff-session';
import { useApiQuery } from '@/hooks/use-api-query';
import { useNotice } from '@/hooks/use-notice';
import { useFormFields } from '@/hooks/use-form-fields';
import { handOver, useSubmit } from '@/hooks/use-submit';
import { formatLocalDateTime } from '@/lib/datetime';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';
import { changeRequestPath, enrollmentPath } from '@/lib/staff-links';

import { approveChange } from '../api/approve-change';
import { getChangeRequest } from '../api/get-change-request';
import { rejectChange } from '../api/reject-change';
import type { ChangeRequest } from '../api/types';
import { withdrawChange } from '../api/withdraw-change';
import { DECISION_REASON_LABELS } from '../lib/labels';
import { ChangeDiff } from './change-diff';
import { CHANGE_REQUEST_ROLES_MESSAGE } from './change-request-list';
import styles from './review.module.css';
import { ChangeRequestStatusBadge, StaleBadge } from './status-badge';

/** What the page says after an approval was refused because the record changed meanwhile. */
export const STALE_MESSAGE =
  '学籍在这份申请提交之后已有变动，申请已失效，学籍没有作任何修改。请通知学校按现在的学籍重新提交更正申请。';

type Notice = { tone: 'success' | 'warning'; text: string };

function facts(request: ChangeRequest): Fact[] {
  const list: Fact[] = [
    { label: '更正原因', value: request.reason, wide: true, testId: 'request-reason' },
    { label: '提交人', value: request.requested_by, testId: 'requested-by' },
    { label: '提交时间', value: formatLocalDateTime(request.created_at), testId: 'requested-at' },
  ];
  if (request.decided_at || request.decided_by) {
    const who = request.status === 'withdrawn' ? '撤回人' : '审核人';
    if (request.decided_by) list.push({ label: who, value: request.decided_by, testId: 'decided-by' });
    if (request.decided_at) list.push({ label: request.status === 'withdrawn' ? '撤回时间' : '处理时间', value: formatLocalDateTime(request.decided_at), testId: 'decided-at' });
  }
  if (request.decision_reason) {
    list.push({ label: DECISION_REASON_LABELS[request.status] ?? '说明', value: request.decision_reason, wide: true, testId: 'decision-reason' });
  }
  return list;
}

/** What the request's state means for the school, in a sentence. */
function outcomeText(request: ChangeRequest): string {
  switch (request.status) {
    case 'pending':
      return request.stale ? '学籍在申请提交后已有变动，这份申请不能再通过：请驳回，或由学校撤回后重新提交。' : '等待省级教育部门审核；审核通过后学籍才会修改。';
    case 'approved':
      return '已通过，学籍已按“更正为”一栏修改。';
    case 'rejected':
      return '已驳回，学籍没有修改。学校可以按驳回原因修改后重新提交。';
    case 'stale':
      return '已失效：学籍在申请提交后有了变动，学籍没有修改。需要的话请学校按现在的学籍重新提交。';
    case 'withdrawn':
      return '学校已撤回这份申请，学籍没有修改。';
  }
}

/** 通过 (with a confirmation) and 驳回 (with the reason the school will read). */
function ReviewerDecision({ request, onDecided, onConflict }: DecisionProps) {
  const [confirming, setConfirming] = useState(false);
  const [doing, setDoing] = useState<'approve' | 'reject'>('reject');
  const form = useFormFields({ reason: '' }, { reason: (value) => validateReason(value)?.message });
  const submit = useSubmit(form, { alert: 'always' });
  const busy = submit.busy ? doing : null;

  function approve() {
    if (busy) return;
    setDoing('approve');
    void submit.run({
      send: () => approveChange(request.id),
      validate: () => true,
      onOk: (data) => {
        setConfirming(false);
        onDecided(data, { tone: 'success', text: '已通过，学籍已按申请更正。' });
      },
      onError: (problem) => {
        setConfirming(false);
        return handOver([409], onConflict)(problem);
      },
    });
  }

  const reject = submit.onSubmit({
    send: () => rejectChange(request.id, form.values.reason.trim()),
    onOk: (data) => onDecided(data, { tone: 'success', text: '已驳回，学校会看到驳回原因。' }),
    onError: handOver([409], onConflict),
  });

  return (
    <Panel title="审核" testId="review-decision">
      <div className={styles.decision}>
        <SubmitAlert ref={submit.alertRef} error={submit.error} />
        <p>核对上面的更正内容和更正原因。通过后学籍立即按“更正为”一栏修改；有疑问请驳回并写明原因。</p>
        <div className={formStyles.actions}>
          <Button onClick={() => setConfirming(true)} busy={busy === 'approve'}>
            通过
          </Button>
        </div>
        <form
          className={formStyles.form}
          noValidate
          onSubmit={(event) => {
            if (!busy) setDoing('reject');
            reject(event);
          }}
          aria-label="驳回"
        >
          <TextareaField
            label="驳回原因"
            hint={`学校会看到这段话，请写明需要补充或改正什么（驳回时必填，最多 ${REASON_MAX_CHARS} 字）。`}
            {...form.field('reason')}
          />
          <div className={formStyles.actions}>
            <Button type="submit" variant="danger" busy={busy === 'reject'}>
              {busy === 'reject' ? '正在驳回…' : '驳回'}
            </Button>
          </div>
        </form>
      </div>
      {confirming && (
        <ConfirmDialog
          title="通过这份更正申请？"
          confirmLabel="通过"
          cancelLabel="取消"
          busy={busy === 'approve'}
          onConfirm={approve}
          onCancel={() => setConfirming(false)}
          testId="approve-dialog"
        >
          <p>
            {request.school_name} {request.student_name}（学号 {request.student_no}）的学籍将更正 {request.changes.length} 项，立即生效。
          </p>
        </ConfirmDialog>
      )}
    </Panel>
  );
}

/** 撤回 (the school that asked), with an optional reason and a confirmation. */
function SchoolWithdraw({ request, onDecided, onConflict }: DecisionProps) {
  const [confirming, setConfirming] = useState(false);
  const form = useFormFields({ reason: '' }, { reason: (value) => validateReason(value, { required: false })?.message });
  const submit = useSubmit(form, { alert: 'always' });

  function withdraw() {
    void submit.run({
      send: () => withdrawChange(request.id, form.values.reason.trim()),
      validate: () => true,
      onOk: (data) => {
        setConfirming(false);
        onDecided(data, { tone: 'success', text: '已撤回这份申请，学籍没有修改。需要的话可以重新申请更正。' });
      },
      onError: (problem) => {
        setConfirming(false);
        return handOver([409], onConflict)(problem);
      },
    });
  }

  return (
    <Panel title="撤回申请" testId="withdraw">
      <SubmitAlert ref={submit.alertRef} error={submit.error} />
      <form className={formStyles.form} noValidate aria-label="撤回申请" onSubmit={submit.onAsk(() => setConfirming(true))}>
        <p className={formStyles.muted}>申请有误（比如要改的项不全）时，可以在审核前撤回，改好后重新提交。</p>
        <TextareaField label="撤回原因（选填）" hint={`最多 ${REASON_MAX_CHARS} 字。`} {...form.field('reason')} />
        <div className={formStyles.actions}>
          <Button type="submit" variant="secondary" busy={submit.busy}>
            撤回申请
          </Button>
        </div>
      </form>
      {confirming && (
        <ConfirmDialog
          title="撤回这份更正申请？"
          confirmLabel="撤回"
          cancelLabel="取消"
          busy={submit.busy}
          onConfirm={withdraw}
          onCancel={() => setConfirming(false)}
          testId="withdraw-dialog"
        >
          <p>撤回后审核员不会再处理它，学籍保持不变。</p>
        </ConfirmDialog>
      )}
    </Panel>
  );
}

interface DecisionProps {
  request: ChangeRequest;
  onDecided: (request: ChangeRequest, notice: Notice) => void;
  /** 409: the request is closed or stale now; say why and load it again. */
  onConflict: (error: UiError) => void;
}

/**
 * A change request: the diff (字段 | 原值 | 更正为), the reason, who asked and when, and the
 * outcome. A provincial reviewer decides a pending one (通过 / 驳回); the school that asked can
 * withdraw it. An approval refused as stale says so, and the page shows the new 已失效 state.
 */
export function ChangeRequestDetail({ id }: { id: string }) {
  const staff = useStaff();
  const { result, retry, update } = useApiQuery((signal) => getChangeRequest(id, signal), id);
  const { notice, setNotice, noticeRef } = useNotice<Notice>(result.state === 'ok');

  if (result.state === 'loading') return <Loading>正在读取更正申请…</Loading>;
  if (result.state === 'error') {
    return (
      <RecordLoadError
        error={result.error}
        onRetry={retry}
        forbidden={CHANGE_REQUEST_ROLES_MESSAGE}
        notFound={{ title: '没有找到这份更正申请', testId: 'change-request-not-found', scope: '只能查看本校（审核员：本省院校）的申请。', back: { to: '/staff/change-requests', label: '返回更正申请列表' } }}
      />
    );
  }
  const request = result.data;
  const pending = request.status === 'pending';
  const decisionProps: DecisionProps = {
    request,
    onDecided: (next, said) => {
      setNotice(said);
      update(() => next);
    },
    onConflict: (error) => {
      setNotice({ tone: 'warning', text: error.code === 'change_request_stale' ? STALE_MESSAGE : error.message });
      retry();
    },
  };

  return (
    <>
      {notice && (
        <FormAlert ref={noticeRef} tone={notice.tone} testId="request-notice">
          <p>{notice.text}</p>
        </FormAlert>
      )}
      <Panel testId="change-request">
        <header className={styles.requestHeader}>
          <div>
            <h2 className={styles.requestName} data-testid="request-student">
              {request.student_name}（学号 {request.student_no}）
            </h2>
            <p className={styles.requestSchool}>
              {request.school_name}（院校代码 {request.school_code}）
            </p>
          </div>
          <span className={styles.badges}>
            <ChangeRequestStatusBadge status={request.status} />
            {request.stale && pending && <StaleBadge />}
          </span>
        </header>
        <p data-testid="request-outcome">{outcomeText(request)}</p>
        <ChangeDiff changes={request.changes} />
        <FactList facts={facts(request)} />
        <p>
          <Link to={enrollmentPath(request.enrollment_id)} state={{ backTo: changeRequestPath(request.id) }}>
            查看这条学籍
          </Link>
        </p>
      </Panel>
      {pending && staff?.role === 'provincial_reviewer' && <ReviewerDecision {...decisionProps} />}
      {pending && staff?.role === 'school_admin' && <SchoolWithdraw {...decisionProps} />}
    </>
  );
}

/** The detail for school admins and reviewers; others are told why. */
export function ChangeRequestDetailScreen({ id }: { id: string }) {
  return (
    <StaffRoleGate roles={['school_admin', 'provincial_reviewer']} message={CHANGE_REQUEST_ROLES_MESSAGE}>
      <ChangeRequestDetail id={id} />
    </StaffRoleGate>
  );
}
