import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import type { UiError } from '@/api/client';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button, buttonClass } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

import { extendReport } from '../api/extend-report';
import { revokeReport } from '../api/revoke-report';
import type { Report } from '@/api/record-types';
import { formatDateTime } from '@/lib/format';
import { printLink } from '../lib/links';
import { groupReportCode } from '../lib/report-code';
import { RECORD_TYPE_LABELS } from '@/lib/record-vocab';
import { CopyLink } from './copy-link';
import type { RecordOption } from './record-options';
import styles from './reports.module.css';
import { ReportStateBadge } from '@/components/records/status-badges';
import { DEFAULT_VALID_DAYS, readValidDays, ValidDaysField, type ValidDaysValue } from './valid-days-field';

export interface ReportItemProps {
  report: Report;
  /** The record it vouches for, when it is still among the student's records. */
  record?: RecordOption;
  /** Just created: marked in the list. */
  highlighted?: boolean;
  onChange: (report: Report) => void;
}

/**
 * One report: its code in groups of four, state, record, dates (Beijing time) and link, with
 * 复制链接 and 打印 (while valid), 延期 (not once revoked) and 撤销 (asks first).
 */
export function ReportItem({ report, record, highlighted = false, onChange }: ReportItemProps) {
  const titleId = useId();
  const grouped = groupReportCode(report.code);
  const [extending, setExtending] = useState(false);
  const [validDays, setValidDays] = useState<ValidDaysValue>(DEFAULT_VALID_DAYS);
  const [extendSubmitted, setExtendSubmitted] = useState(false);
  const [confirmRevoke, setConfirmRevoke] = useState(false);
  const [busy, setBusy] = useState<'extend' | 'revoke' | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  // Objects, so that the same sentence twice still moves the focus to it.
  const [notice, setNotice] = useState<{ text: string } | null>(null);
  const extendButtonRef = useRef<HTMLButtonElement>(null);
  const customRef = useRef<HTMLInputElement>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  // After an answer, the focus goes to what it says (the button pressed may be gone).
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  useEffect(() => {
    if (error?.fields.valid_days && customRef.current) customRef.current.focus();
    else if (error) errorRef.current?.focus();
  }, [error]);

  const days = readValidDays(validDays);
  const daysError = error?.fields.valid_days ?? (extendSubmitted && !days.ok ? days.message : null);
  const revoked = report.state === 'revoked';
  const context = `验证码 ${grouped}`;

  function failed(problem: UiError) {
    setError(problem);
    if (problem.code === 'report_revoked') onChange({ ...report, state: 'revoked' });
  }

  async function extend(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setExtendSubmitted(true);
    setError(null);
    if (!days.ok) {
      customRef.current?.focus();
      return;
    }
    setBusy('extend');
    const outcome = await extendReport(report.code, days.days);
    setBusy(null);
    if (!outcome.ok) {
      failed(outcome.error);
      return;
    }
    onChange(outcome.data);
    setExtending(false);
    setExtendSubmitted(false);
    setNotice({ text: `已延期，现在有效期至 ${formatDateTime(outcome.data.expires_at)}。` });
  }

  async function revoke() {
    if (busy) return;
    setBusy('revoke');
    setError(null);
    const outcome = await revokeReport(report.code);
    setBusy(null);
    setConfirmRevoke(false);
    if (!outcome.ok) {
      failed(outcome.error);
      return;
    }
    onChange({ ...report, state: 'revoked' });
    setExtending(false);
    setNotice({ text: '已撤销，这个验证码已失效，任何人都无法再用它查看你的记录。' });
  }

  return (
    <li className={styles.report} data-testid="report-item" data-code={report.code} data-state={report.state} data-highlighted={highlighted || undefined}>
      <article aria-labelledby={titleId} className={styles.reportInner}>
        <header className={styles.reportHead}>
          <h3 id={titleId} className={styles.reportTitle}>
            <span className={styles.codeLabel}>验证码</span>
            <span className={styles.code} data-testid="report-code">
              {grouped}
            </span>
          </h3>
          <ReportStateBadge state={report.state} />
        </header>
        <p className={styles.reportRecord}>
          {record ? (
            <>
              <strong>{record.title}</strong>
              <span className={styles.reportRecordDetail}>{record.detail}</span>
            </>
          ) : (
            <strong>{RECORD_TYPE_LABELS[report.record_type]}记录</strong>
          )}
        </p>
        <dl className={styles.reportFacts}>
          <div>
            <dt>生成时间</dt>
            <dd>{formatDateTime(report.created_at)}</dd>
          </div>
          <div>
            <dt>{report.state === 'expired' ? '已于' : '有效期至'}</dt>
            <dd data-testid="report-expires">
              {formatDateTime(report.expires_at)}
              {report.state === 'expired' && ' 过期'}
            </dd>
          </div>
          <div className={styles.wideFact}>
            <dt>验证网址</dt>
            <dd className={styles.url} data-testid="report-url">
              {report.verify_url}
            </dd>
          </div>
        </dl>

        {notice && (
          <p ref={noticeRef} tabIndex={-1} role="status" className={styles.notice} data-testid="report-notice">
            {notice.text}
          </p>
        )}
        {error && (
          <ProblemAlert
            ref={errorRef}
            error={error}
            message={error.code === 'report_not_found' ? '找不到这份验证报告，请刷新页面。' : undefined}
          />
        )}

        <div className={styles.reportActions}>
          {report.state === 'active' && (
            <>
              <CopyLink url={report.verify_url} context={context} />
              <Link to={printLink(report.code)} className={buttonClass('secondary')}>
                打印<span className="visually-hidden">（{context}）</span>
              </Link>
            </>
          )}
          {!revoked && (
            <>
              <Button
                ref={extendButtonRef}
                variant="secondary"
                aria-expanded={extending}
                onClick={() => {
                  setExtending((open) => !open);
                  setError(null);
                }}
              >
                延期<span className="visually-hidden">（{context}）</span>
              </Button>
              <Button variant="danger" onClick={() => setConfirmRevoke(true)}>
                撤销<span className="visually-hidden">（{context}）</span>
              </Button>
            </>
          )}
        </div>

        {extending && !revoked && (
          <form className={`${formStyles.form} ${styles.extendForm}`} noValidate aria-label={`延期 ${context}`} onSubmit={(event) => void extend(event)}>
            <ValidDaysField label="新的有效期（从现在起计算）" value={validDays} onChange={setValidDays} error={daysError} customRef={customRef} />
            <div className={formStyles.actions}>
              <Button type="submit" busy={busy === 'extend'}>
                {busy === 'extend' ? '正在延期…' : '确定延期'}
              </Button>
              <Button
                variant="secondary"
                onClick={() => {
                  setExtending(false);
                  setExtendSubmitted(false);
                  extendButtonRef.current?.focus();
                }}
              >
                取消
              </Button>
            </div>
          </form>
        )}
      </article>

      {confirmRevoke && (
        <ConfirmDialog
          title="撤销验证报告？"
          confirmLabel="确定撤销"
          cancelLabel="取消"
          busy={busy === 'revoke'}
          onConfirm={() => void revoke()}
          onCancel={() => setConfirmRevoke(false)}
          testId="confirm-revoke"
        >
          <p>
            撤销后，验证码 <strong className={styles.codeInline}>{grouped}</strong> 立即失效，任何人都无法再用它查看你的记录。撤销不能恢复，也不能延期；需要时可以重新生成。
          </p>
        </ConfirmDialog>
      )}
    </li>
  );
}
