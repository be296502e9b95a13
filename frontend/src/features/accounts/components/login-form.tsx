import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

import type { UiError } from '@/api/client';
import { EMAIL_INPUT, Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { ShowPassword } from '@/components/form/show-password';
import { Button } from '@/components/ui/button';
import { CONSENT_LINK } from '@/lib/privacy-links';
import { useFormFields } from '@/hooks/use-form-fields';
import { readNavState } from '@/lib/nav-state';
import { REQUIRED_MESSAGES } from '@/lib/rules';
import { session } from '@/lib/session';
import { safeNextPath } from '@/lib/session/next-path';

import { login } from '../api/login';
import { endPreviousSession } from '../api/logout';
import { ResendActivation } from './resend-activation';

/** 登录: email and password; a session (→ `/me` or `?next=`), or an unfinished registration. */
export function LoginForm() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const navState = readNavState(location.state);
  const [notice, setNotice] = useState(navState.notice ?? null);
  const [showPassword, setShowPassword] = useState(false);
  const [rememberMe, setRememberMe] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ problem: UiError; email: string; other: ReactNode[] } | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const form = useFormFields(
    { email: navState.email ?? '', password: '' },
    {
      email: (value) => (value.trim() === '' ? REQUIRED_MESSAGES.email_required : null),
      password: (value) => (value === '' ? REQUIRED_MESSAGES.password_required : null),
    },
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setNotice(null);
    setError(null);
    if (!form.validate()) return;
    setBusy(true);
    const { email, password } = form.values;
    const outcome = await login({ email, password, remember_me: rememberMe });
    if (outcome.ok) await endPreviousSession();
    setBusy(false);
    if (outcome.ok) {
      if (outcome.data.status === 'active') {
        session.start(outcome.data, rememberMe);
        const next = safeNextPath(params.get('next')) ?? '/me';
        // A changed privacy notice is agreed to (or the account closed) before anything else.
        if (outcome.data.consent_required) {
          navigate(`${CONSENT_LINK}?next=${encodeURIComponent(next)}`, { replace: true });
        } else {
          navigate(next, { replace: true });
        }
      } else {
        session.clear('logout');
        session.setRegistrationToken(outcome.data.registration_token);
        navigate('/register/identity', { replace: true });
      }
      return;
    }
    const problem = outcome.error;
    // Field messages only for a 422; a 429's "try in N minutes" for the password is said on top.
    const other = problem.status === 422 ? form.showServerErrors(problem.fields) : [];
    setError({ problem, email: email.trim(), other });
    if (problem.code === 'invalid_credentials') {
      form.setValue('password', '');
      form.focus('password');
    } else if (problem.status !== 422) {
      queueMicrotask(() => alertRef.current?.focus());
    }
  }

  return (
    <div className={styles.form}>
      {notice && (
        <FormAlert tone="info" testId="login-notice">
          <p>{notice}</p>
        </FormAlert>
      )}
      {error && (
        <ProblemAlert ref={alertRef} error={error.problem}>
          {error.other.map((message, i) => (
            <p key={i}>{message}</p>
          ))}
        </ProblemAlert>
      )}
      {error?.problem.code === 'account_not_activated' && (
        <section className={styles.subsection} aria-label="重新发送激活邮件">
          <p>激活邮件发到了 {error.email}，链接 24 小时内有效。找不到邮件？请先看看垃圾邮件文件夹，或者：</p>
          <ResendActivation key={error.email} email={error.email} />
        </section>
      )}
      <form className={styles.form} noValidate onSubmit={(event) => void submit(event)} aria-label="登录">
        <Field
          label="电子邮箱"
          type="text"
          {...EMAIL_INPUT}
          autoComplete="username"
          {...form.field('email')}
        />
        <Field label="密码" type={showPassword ? 'text' : 'password'} autoComplete="current-password" {...form.field('password')} />
        <ShowPassword checked={showPassword} onChange={setShowPassword} />
        <div className={styles.checkbox}>
          <input id="login-remember-me" type="checkbox" checked={rememberMe} onChange={(event) => setRememberMe(event.target.checked)} />
          <label htmlFor="login-remember-me">记住我（只在自己的设备上勾选：最长保持登录 30 天。不勾选时，关闭浏览器即退出登录，最长 12 小时）</label>
        </div>
        <div className={styles.actions}>
          <Button type="submit" busy={busy}>
            {busy ? '正在登录…' : '登录'}
          </Button>
        </div>
      </form>
    </div>
  );
}
