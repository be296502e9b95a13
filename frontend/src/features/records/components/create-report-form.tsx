import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import type { UiError } from '@/api/client';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button, buttonClass } from '@/components/ui/button';

import { createReport } from '../api/create-report';
import type { RecordType, Report } from '@/api/record-types';
import { formatDateTime } from '@/lib/format';
import { printLink } from '../lib/links';
import { groupReportCode } from '../lib/report-code';
import { CopyLink } from './copy-link';
import type { RecordOption } from './record-options';
import styles from './reports.module.css';
import { DEFAULT_VALID_DAYS, readValidDays, ValidDaysField, type ValidDaysValue } from './valid-days-field';

export interface CreateReportFormProps {
  options: RecordOption[];
  /** The record asked for in the address (`?record_type=&record_id=`), if any. */
  requested: { type: RecordType; id: string } | null;
  onCreated: (report: Report) => void;
}

/** Choose a record and a validity, 生成验证报告; then the new code with 复制链接 and 打印. */
export function CreateReportForm({ options, requested, onCreated }: CreateReportFormProps) {
  const legendId = useId();
  const requestedKey = requested ? `${requested.type}:${requested.id}` : null;
  const requestedFound = requestedKey !== null && options.some((option) => option.key === requestedKey);
  const [selected, setSelected] = useState<string | null>(
    requestedFound ? requestedKey : options.length === 1 ? (options[0]?.key ?? null) : null,
  );
  const [validDays, setValidDays] = useState<ValidDaysValue>(DEFAULT_VALID_DAYS);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [created, setCreated] = useState<Report | null>(null);
  const firstRadioRef = useRef<HTMLInputElement>(null);
  const customRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  // After an answer, the focus goes to what it says.
  useEffect(() => {
    if (created) resultRef.current?.focus();
  }, [created]);
  useEffect(() => {
    if (error?.fields.valid_days && customRef.current) customRef.current.focus();
    else if (error) errorRef.current?.focus();
  }, [error]);

  const days = readValidDays(validDays);
  const recordError = submitted && selected === null ? '请选择要证明的记录。' : null;
  const daysError = error?.fields.valid_days ?? (submitted && !days.ok ? days.message : null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setSubmitted(true);
    setError(null);
    const option = options.find((item) => item.key === selected);
    if (!option) {
      firstRadioRef.current?.focus();
      return;
    }
    if (!days.ok) {
      customRef.current?.focus();
      return;
    }
    setBusy(true);
    const outcome = await createReport({ record_type: option.type, record_id: option.id, valid_days: days.days });
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.error);
      return;
    }
    setSubmitted(false);
    setCreated(outcome.data);
    onCreated(outcome.data);
  }

  // Field messages without an input of their own on screen go on top.
  const otherErrors = error ? Object.entries(error.fields).filter(([field]) => field !== 'valid_days' || validDays.choice !== 'custom') : [];

  return (
    <form className={formStyles.form} noValidate aria-label="生成验证报告" onSubmit={(event) => void submit(event)}>
      {requestedKey !== null && !requestedFound && (
        <FormAlert tone="warning" testId="requested-not-found">
          <p>链接里的记录不在你的账号下（可能已被学校更正或注销），请从下面选择。</p>
        </FormAlert>
      )}
      {error && (
        <ProblemAlert
          ref={errorRef}
          error={error}
          message={error.code === 'record_not_found' ? '这条记录已不在你的账号下，请刷新页面后重新选择。' : undefined}
        >
          {otherErrors.map(([field, message]) => (
            <p key={field}>{message}</p>
          ))}
        </ProblemAlert>
      )}
      <fieldset className={styles.choices} aria-describedby={recordError ? `${legendId}-error` : undefined}>
        <legend id={legendId} className={formStyles.label}>
          要证明的记录
        </legend>
        {options.map((option, index) => (
          <label key={option.key} className={styles.choice} data-testid="record-choice">
            <input
              ref={index === 0 ? firstRadioRef : undefined}
              type="radio"
              name="record"
              value={option.key}
              checked={selected === option.key}
              aria-invalid={recordError ? true : undefined}
              onChange={() => setSelected(option.key)}
            />
            <span>
              <span className={styles.choiceTitle}>{option.title}</span>
              <span className={styles.choiceDetail}>{option.detail}</span>
            </span>
          </label>
        ))}
        <div id={`${legendId}-error`} className={formStyles.fieldError} aria-live="polite" data-testid="error-record">
          {recordError}
        </div>
      </fieldset>

      <ValidDaysField value={validDays} onChange={setValidDays} error={daysError} customRef={customRef} />

      <p className={formStyles.muted}>对方看到的身份证号会部分隐藏。报告到期或被你撤销后，验证码即失效。</p>

      <div className={formStyles.actions}>
        <Button type="submit" busy={busy}>
          {busy ? '正在生成…' : '生成验证报告'}
        </Button>
      </div>

      {created && (
        <FormAlert tone="success" title="验证报告已生成" ref={resultRef} testId="report-created">
          <p>
            验证码：
            <strong className={styles.codeInline} data-testid="new-report-code">
              {groupReportCode(created.code)}
            </strong>
          </p>
          <p>有效期至 {formatDateTime(created.expires_at)}（北京时间）。</p>
          <p>把验证码或下面的链接发给需要核实的单位，对方在“在线验证”页面输入验证码即可查看。</p>
          <div className={`${formStyles.actions} ${styles.createdActions}`}>
            <CopyLink url={created.verify_url} />
            <Link to={printLink(created.code)} className={buttonClass('secondary')}>
              打印报告
            </Link>
          </div>
        </FormAlert>
      )}
    </form>
  );
}
