import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';

import type { UiError } from '@/api/client';
import { Field } from '@/components/form/field';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { ShowPassword } from '@/components/form/show-password';
import { Button } from '@/components/ui/button';
import { useFormFields } from '@/hooks/use-form-fields';
import { REQUIRED_MESSAGES } from '@/lib/rules';
import { session } from '@/lib/session';

import { closeAccount } from '../api/close-account';
import type { ClosedState } from '../lib/closed-state';

const CONFIRM_MESSAGE = '请勾选确认：我已了解注销后账号无法恢复。';

/** 注销账号: the current password and an explicit confirmation; on success the student is logged out. */
export function CloseAccountForm() {
  const navigate = useNavigate();
  const confirmId = useId();
  const [showPassword, setShowPassword] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [confirmError, setConfirmError] = useState<ReactNode>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const form = useFormFields(
    { password: '' },
    { password: (value) => (value === '' ? REQUIRED_MESSAGES.current_password_required : null) },
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    const passwordOk = form.validate();
    if (!confirmed) {
      setConfirmError(CONFIRM_MESSAGE);
      if (passwordOk) confirmRef.current?.focus();
    }
    if (!passwordOk || !confirmed) return;
    setBusy(true);
    const outcome = await closeAccount({ password: form.values.password, confirm: true });
    setBusy(false);
    if (outcome.ok) {
      // The server ended every session already; this browser forgets its tokens too.
      session.clear('logout');
      const state: ClosedState = { erasedAfter: outcome.data.erased_after };
      navigate('/me/closed', { replace: true, state });
      return;
    }
    const { confirm, ...fields } = outcome.error.fields;
    if (confirm) setConfirmError(confirm);
    const other = form.showServerErrors(fields);
    if (Object.keys(outcome.error.fields).length === 0 || other.length > 0) {
      setError(outcome.error);
      queueMicrotask(() => alertRef.current?.focus());
    }
  }

  return (
    <div className={styles.form}>
      {error && <ProblemAlert error={error} ref={alertRef} />}
      <form className={styles.form} noValidate onSubmit={(event) => void submit(event)} aria-label="注销账号">
        <Field
          label="当前密码"
          hint="为确认是你本人操作，请输入登录密码"
          type={showPassword ? 'text' : 'password'}
          autoComplete="current-password"
          {...form.field('password')}
        />
        <ShowPassword checked={showPassword} onChange={setShowPassword} />
        <div className={styles.field} data-field="confirm">
          <div className={styles.checkbox}>
            <input
              id={confirmId}
              ref={confirmRef}
              type="checkbox"
              name="confirm"
              checked={confirmed}
              aria-invalid={confirmError ? true : undefined}
              aria-describedby={`${confirmId}-error`}
              onChange={(event) => {
                setConfirmed(event.target.checked);
                if (event.target.checked) setConfirmError(null);
              }}
            />
            <label htmlFor={confirmId}>我已了解：注销后账号无法恢复，我的在线验证报告会立即失效</label>
          </div>
          <div id={`${confirmId}-error`} className={styles.fieldError} aria-live="polite" data-testid="error-confirm">
            {confirmError}
          </div>
        </div>
        <div className={styles.actions}>
          <Button type="submit" variant="danger" busy={busy}>
            {busy ? '正在注销…' : '注销账号'}
          </Button>
        </div>
      </form>
    </div>
  );
}
