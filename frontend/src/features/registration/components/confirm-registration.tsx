import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';

import type { UiError } from '@/api/client';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { readNavState, type NavState } from '@/lib/nav-state';
import { formatChineseDate } from '@/lib/rules';
import { session } from '@/lib/session';

import { completeRegistration } from '../api/complete-registration';
import type { RegistrationSummary } from '../api/get-registration';
import styles from './registration.module.css';
import { MissingStep, type RegistrationGateApi } from './registration-gate';

export const CONFIRM_QUESTION = '请确认以上信息准确无误。确认后姓名和身份证号不能自行修改。';

function Row({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className={styles.summaryRow}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function Summary({ summary }: { summary: RegistrationSummary }) {
  return (
    <div data-testid="registration-summary">
      <dl className={styles.summary}>
        <Row label="邮箱" value={summary.email} testId="summary-email" />
      </dl>
      <h2 className={styles.summaryHead}>
        实名信息 <Link to="/register/identity" aria-label="修改实名信息">修改</Link>
      </h2>
      <dl className={styles.summary}>
        <Row label="姓名" value={summary.name ?? '—'} testId="summary-name" />
        <Row label="身份证号" value={summary.id_number ?? '—'} testId="summary-id-number" />
        <Row label="出生日期" value={summary.birth_date ? formatChineseDate(summary.birth_date) : '—'} testId="summary-birth-date" />
        <Row label="性别" value={summary.sex ?? '—'} testId="summary-sex" />
        <div className={styles.summaryRow}>
          <dt>学籍/学历</dt>
          <dd data-testid="summary-records">
            {summary.records_found ? (
              <span className={styles.found}>已找到记录</span>
            ) : (
              <span className={styles.notFound}>未找到与姓名和身份证号一致的记录</span>
            )}
          </dd>
        </div>
      </dl>
      <h2 className={styles.summaryHead}>
        手机 <Link to="/register/phone" aria-label="修改手机号">修改</Link>
      </h2>
      <dl className={styles.summary}>
        <Row label="手机号" value={summary.phone ?? '—'} testId="summary-phone" />
      </dl>
    </div>
  );
}

/**
 * 确认信息: the summary of `GET /api/v1/registration` and 确认提交, which asks 是/否 in a dialog.
 * 是 completes the registration (`POST /api/v1/registration/complete`), forgets the registration
 * token and goes to 注册完成.
 */
export function ConfirmRegistration({ gate }: { gate: RegistrationGateApi }) {
  const { summary } = gate;
  const navigate = useNavigate();
  const notice = readNavState(useLocation().state).notice ?? null;
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  async function complete() {
    if (busy) return;
    setBusy(true);
    setError(null);
    const outcome = await completeRegistration();
    if (outcome.ok) {
      session.setRegistrationToken(null);
      const state: NavState = { email: summary.email };
      navigate('/register/done', { replace: true, state });
      return;
    }
    setBusy(false);
    setAsking(false);
    if (gate.handleCommon(outcome.error)) return;
    setError(outcome.error);
  }

  // After the dialog closed (and gave the focus back to 确认提交): to the message.
  useEffect(() => {
    if (error) alertRef.current?.focus();
  }, [error]);

  if (error?.code === 'identity_required' || !summary.name) return <MissingStep step="identity" message={error?.message} />;
  if (error?.code === 'phone_not_verified' || !summary.phone_verified) return <MissingStep step="phone" message={error?.message} />;

  return (
    <div className={formStyles.form}>
      {notice && (
        <FormAlert tone="success" testId="confirm-notice">
          <p>{notice}</p>
        </FormAlert>
      )}
      {error && <ProblemAlert ref={alertRef} error={error} />}
      <p>请核对下面的信息。姓名和身份证号要与录取时学校登记的一致。</p>
      <Summary summary={summary} />
      {!summary.records_found && (
        <FormAlert tone="warning" title="没有找到您的学籍或学历记录" testId="confirm-no-records">
          <p>
            完成注册后将看不到学籍和学历。如果是姓名或身份证号填错了，请先<Link to="/register/identity">修改实名信息</Link>
            ；如果是学校的记录有误，请联系您的学校更正。
          </p>
        </FormAlert>
      )}
      <div className={formStyles.actions}>
        <Button onClick={() => setAsking(true)}>确认提交</Button>
      </div>
      {asking && (
        <ConfirmDialog
          title="确认提交"
          busy={busy}
          onConfirm={() => void complete()}
          onCancel={() => {
            if (!busy) setAsking(false);
          }}
          testId="confirm-dialog"
        >
          <p>{CONFIRM_QUESTION}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
