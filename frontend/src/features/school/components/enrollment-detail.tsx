import { useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';

import type { UiError } from '@/api/problem';
import { FormAlert } from '@/components/form/form-alert';
import { RecordLoadError } from '@/components/record-load-error';
import formStyles from '@/components/form/form.module.css';
import { Button } from '@/components/ui/button';
import { Loading } from '@/components/ui/load-states';
import { Panel } from '@/components/ui/panel';
import { FactList } from '@/components/ui/fact-list';
import { enrollmentFacts } from '@/components/records/record-facts';
import { StaffRoleGate } from '@/components/staff-role-gate';
import { useStaff } from '@/lib/staff/staff-session';
import { useApiQuery } from '@/hooks/use-api-query';
import { useNotice } from '@/hooks/use-notice';
import { formatLocalDateTime } from '@/lib/datetime';
import { changeRequestPath, enrollmentPath } from '@/lib/staff-links';

import { getEnrollment } from '../api/get-enrollment';
import type { ChangeRequest, QualificationResult, StaffEnrollment } from '../api/types';
import { ProposeChangeForm } from './propose-change-form';
import { QualificationCheckForm } from './qualification-check-form';
import { RevokeEnrollmentForm } from './revoke-enrollment-form';
import { RecordFlags } from './record-flags';
import styles from './school.module.css';

export const RECORD_ROLES_MESSAGE = '学籍详情只供本校的院校管理员和所在省份的审核员查看。';

type Action = 'change' | 'qualification' | 'revoke';

const ACTION_TITLES: Record<Action, string> = { change: '申请更正', qualification: '学籍资格清查', revoke: '注销重复学籍' };

type Notice = { tone: 'success' | 'warning'; text: string; link?: { to: string; label: string } };

function RecordPanel({ enrollment }: { enrollment: StaffEnrollment }) {
  return (
    <Panel testId="enrollment-record">
      <header className={styles.recordHeader}>
        <div>
          <h2 className={styles.recordName} data-testid="record-name">
            {enrollment.name}
          </h2>
          <p className={styles.recordSchool}>
            {enrollment.school_name}（院校代码 {enrollment.school_code}）· {enrollment.province_name}
          </p>
        </div>
        <RecordFlags enrollment={enrollment} />
      </header>
      <FactList
        facts={[
          ...enrollmentFacts(enrollment),
          { label: '学籍状态', value: enrollment.status, testId: 'fact-status' },
          { label: '记录编号', value: <span className={styles.mono}>{enrollment.id}</span>, testId: 'fact-record-id', wide: true },
        ]}
      />
    </Panel>
  );
}

function Revocation({ enrollment }: { enrollment: StaffEnrollment }) {
  return (
    <Panel title="注销信息" testId="revocation">
      <FactList
        facts={[
          { label: '注销原因', value: enrollment.revocation_reason || '（未填写）', wide: true, testId: 'revocation-reason' },
          ...(enrollment.revoked_at ? [{ label: '注销时间', value: formatLocalDateTime(enrollment.revoked_at) }] : []),
          ...(enrollment.duplicate_of
            ? [{ label: '与之重复的学籍', value: <Link to={enrollmentPath(enrollment.duplicate_of)}>查看保留的那条学籍</Link> }]
            : []),
        ]}
      />
      <p className={formStyles.muted}>注销的学籍不会删除，学生看不到它；它不能再更正或清查。</p>
    </Panel>
  );
}

/** The school admin's actions on a record: buttons that open one form at a time. */
function Actions({
  enrollment,
  onChanged,
  onConflict,
}: {
  enrollment: StaffEnrollment;
  /** After an action: the record as it is now, and what to say about it. */
  onChanged: (enrollment: StaffEnrollment, notice: Notice) => void;
  /** A 409 (the record changed meanwhile): say why and load it again. */
  onConflict: (error: UiError) => void;
}) {
  const [open, setOpen] = useState<Action | null>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const pending = Boolean(enrollment.pending_change_request_id);

  function show(action: Action) {
    setOpen(action);
    queueMicrotask(() => panelRef.current?.focus());
  }

  function close() {
    setOpen(null);
  }

  const button = (action: Action, label: string, variant: 'primary' | 'secondary' | 'danger' = 'secondary') => (
    <Button
      variant={open === action ? 'primary' : variant}
      aria-expanded={open === action}
      aria-controls={open === action ? 'record-action' : undefined}
      onClick={() => (open === action ? close() : show(action))}
    >
      {label}
    </Button>
  );

  return (
    <>
      <Panel title="办理" testId="enrollment-actions">
        {pending && (
          <p className={formStyles.muted} data-testid="change-blocked">
            这条学籍已有一份待审核的更正申请，审核完成或撤回后才能再次申请更正。
          </p>
        )}
        <div className={styles.actionButtons}>
          {!pending && button('change', '申请更正')}
          {enrollment.qualification_pending && button('qualification', '资格清查')}
          {button('revoke', '注销重复学籍', 'danger')}
        </div>
      </Panel>
      {open && (
        <Panel testId={`action-${open}`}>
          <div id="record-action" ref={panelRef} tabIndex={-1} className={styles.actionPanel} aria-label={ACTION_TITLES[open]}>
            <h2 className={formStyles.subheading}>{ACTION_TITLES[open]}</h2>
          </div>
          {open === 'change' && (
            <ProposeChangeForm
              enrollment={enrollment}
              onCancel={close}
              onConflict={onConflict}
              onProposed={(request: ChangeRequest) => {
                close();
                onChanged(
                  { ...enrollment, pending_change_request_id: request.id, correction_pending: true },
                  {
                    tone: 'success',
                    text: `已提交更正申请（${request.changes.length} 项），等待省级教育部门审核；审核通过后学籍才会修改。`,
                    link: { to: changeRequestPath(request.id), label: '查看更正申请' },
                  },
                );
              }}
            />
          )}
          {open === 'qualification' && (
            <QualificationCheckForm
              enrollment={enrollment}
              onCancel={close}
              onConflict={onConflict}
              onChecked={(next, result: QualificationResult) => {
                close();
                onChanged(next, {
                  tone: 'success',
                  text: result === 'confirmed' ? '资格清查完成：已核实无误，“资格待查”标记已清除。' : '资格清查完成：资格不符，学籍已注销。',
                });
              }}
            />
          )}
          {open === 'revoke' && (
            <RevokeEnrollmentForm
              enrollment={enrollment}
              onCancel={close}
              onConflict={onConflict}
              onRevoked={(next) => {
                close();
                onChanged(next, { tone: 'success', text: '学籍已注销。' });
              }}
            />
          )}
        </Panel>
      )}
    </>
  );
}

export interface EnrollmentDetailProps {
  id: string;
  /** The record's change requests (from 更正申请), shown below; `revision` grows after every action. */
  history?: (enrollment: StaffEnrollment, revision: number) => ReactNode;
}

/**
 * 学籍详情: the record as staff see it (ID number in full), its pending change request and, when
 * 注销, why. A school admin can 申请更正, 资格清查 (when 资格待查) and 注销重复学籍 here; a
 * provincial reviewer reads it only.
 */
export function EnrollmentDetail({ id, history }: EnrollmentDetailProps) {
  const staff = useStaff();
  const { result, retry, update } = useApiQuery((signal) => getEnrollment(id, signal), id);
  const [revision, setRevision] = useState(0);
  const { notice, setNotice, noticeRef } = useNotice<Notice>(result.state === 'ok');

  if (result.state === 'loading') return <Loading>正在读取学籍…</Loading>;
  if (result.state === 'error') {
    return (
      <RecordLoadError
        error={result.error}
        onRetry={retry}
        forbidden={RECORD_ROLES_MESSAGE}
        notFound={{ title: '没有找到这条学籍', testId: 'enrollment-not-found', scope: '只能查看本校（审核员：本省院校）的学籍。', back: { to: '/staff/students', label: '去在校生查找' } }}
      />
    );
  }
  const enrollment = result.data;
  const revoked = enrollment.status === '注销';
  const schoolAdmin = staff?.role === 'school_admin';

  return (
    <>
      {notice && (
        <FormAlert ref={noticeRef} tone={notice.tone} testId="record-notice">
          <p>{notice.text}</p>
          {notice.link && (
            <p>
              <Link to={notice.link.to}>{notice.link.label}</Link>
            </p>
          )}
        </FormAlert>
      )}
      {enrollment.pending_change_request_id && (
        <FormAlert tone="info" testId="pending-change-request">
          <p>这条学籍有一份更正申请正在等待省级教育部门审核，审核通过后学籍才会修改。</p>
          <p>
            <Link to={changeRequestPath(enrollment.pending_change_request_id)}>查看待审核的更正申请</Link>
          </p>
        </FormAlert>
      )}
      <RecordPanel enrollment={enrollment} />
      {revoked && <Revocation enrollment={enrollment} />}
      {schoolAdmin && !revoked && (
        <Actions
          enrollment={enrollment}
          onConflict={(error) => {
            setNotice({ tone: 'warning', text: error.message });
            setRevision((n) => n + 1);
            retry();
          }}
          onChanged={(next, said) => {
            setNotice(said);
            setRevision((n) => n + 1);
            update(() => next);
          }}
        />
      )}
      {!schoolAdmin && (
        <p className={formStyles.muted} data-testid="read-only-note">
          审核员只能查看学籍；学籍的更正由学校提出，在“更正申请”中审核。
        </p>
      )}
      {history?.(enrollment, revision)}
    </>
  );
}

/** The detail for the roles that may see records; others are told why. */
export function EnrollmentDetailScreen(props: EnrollmentDetailProps) {
  return (
    <StaffRoleGate roles={['school_admin', 'provincial_reviewer']} message={RECORD_ROLES_MESSAGE}>
      <EnrollmentDetail {...props} />
    </StaffRoleGate>
  );
}
