import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';

import type { UiError } from '@/api/client';
import { EMAIL_INPUT, Field } from '@/components/form/field';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { ShowPassword } from '@/components/form/show-password';
import { Button } from '@/components/ui/button';
import { CONSENT_REQUIRED_MESSAGE, ConsentCheckbox } from '@/components/form/consent-checkbox';
import { useFormFields } from '@/hooks/use-form-fields';
import { readNavState, type NavState } from '@/lib/nav-state';
import { PASSWORD_HINT, validateConfirmation, validateEmail, validatePassword } from '@/lib/rules';

import { registerAccount } from '../api/register-account';

/**
 * How long the check-email page waits before offering to resend. The 201 of registration does
 * not say (only the resend answer has `resend_after_seconds`); 60 s is the server's default.
 */
export const FIRST_RESEND_AFTER_SECONDS = 60;

/**
 * 注册学信网账号: email, password, confirmation, checked as typed with the server's rules.
 * `consentVersion` is the privacy notice version the student agrees to (the route passes it).
 */
export function RegisterForm({ consentVersion }: { consentVersion: string }) {
  const navigate = useNavigate();
  const prefill = readNavState(useLocation().state).email ?? '';
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ problem: UiError; other: ReactNode[] } | null>(null);
  const [consent, setConsent] = useState(false);
  const [consentError, setConsentError] = useState<ReactNode>(null);
  const consentRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const form = useFormFields(
    { email: prefill, password: '', confirm: '' },
    {
      email: (value) => validateEmail(value)?.message,
      password: (value, all) => validatePassword(value, all.email)?.message,
      confirm: (value, all) => validateConfirmation(all.password, value)?.message,
    },
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    const fieldsOk = form.validate();
    setConsentError(consent ? null : CONSENT_REQUIRED_MESSAGE);
    if (!fieldsOk) return;
    if (!consent) {
      consentRef.current?.focus();
      return;
    }
    setBusy(true);
    const outcome = await registerAccount({
      email: form.values.email,
      password: form.values.password,
      consent_version: consentVersion,
    });
    setBusy(false);
    if (outcome.ok) {
      const state: NavState = { resendAvailableAt: Date.now() + FIRST_RESEND_AFTER_SECONDS * 1000 };
      navigate(`/register/check-email?email=${encodeURIComponent(outcome.data.email)}`, { state });
      return;
    }
    const problem = outcome.error;
    if (problem.code === 'email_taken') {
      const email = form.values.email.trim();
      form.showServerErrors({
        email: (
          <>
            {problem.fields.email ?? problem.message}
            <span className={styles.inlineLinks}>
              <Link to="/login" state={{ email } satisfies NavState}>
                去登录
              </Link>
              <Link to="/forgot-password" state={{ email } satisfies NavState}>
                忘记密码
              </Link>
            </span>
          </>
        ),
      });
      return;
    }
    // A stale version means this page is older than the notice in force: the message says to reload.
    const { consent_version: consentProblem, ...fields } = problem.fields;
    if (consentProblem) setConsentError(consentProblem);
    const other = form.showServerErrors(fields);
    setError({ problem, other });
    if (Object.keys(problem.fields).length === 0) queueMicrotask(() => alertRef.current?.focus());
  }

  const passwordType = showPassword ? 'text' : 'password';

  return (
    <div className={styles.form}>
      {error && (
        <ProblemAlert ref={alertRef} error={error.problem}>
          {error.other.map((message, i) => (
            <p key={i}>{message}</p>
          ))}
        </ProblemAlert>
      )}
      <form className={styles.form} noValidate onSubmit={(event) => void submit(event)} aria-label="注册">
        <Field
          label="电子邮箱"
          hint="用于登录和接收激活邮件，例如 name@example.com"
          type="text"
          {...EMAIL_INPUT}
          {...form.field('email')}
        />
        <Field label="密码" hint={`${PASSWORD_HINT}，不能与邮箱相同`} type={passwordType} autoComplete="new-password" {...form.field('password')} />
        <Field label="确认密码" hint="再输入一次密码" type={passwordType} autoComplete="new-password" {...form.field('confirm')} />
        <ShowPassword checked={showPassword} onChange={setShowPassword} />
        <ConsentCheckbox
          ref={consentRef}
          checked={consent}
          error={consentError}
          onChange={(checked) => {
            setConsent(checked);
            if (checked) setConsentError(null);
          }}
        />
        <div className={styles.actions}>
          <Button type="submit" busy={busy}>
            {busy ? '正在注册…' : '注册'}
          </Button>
        </div>
      </form>
    </div>
  );
}
