import { useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

import type { UiError } from '@/api/problem';
import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { ShowPassword } from '@/components/form/show-password';
import { Button } from '@/components/ui/button';
import { useFormFields } from '@/hooks/use-form-fields';
import { readNavState } from '@/lib/nav-state';

import { staffLogin } from '../api/staff-login';
import { staffNextPath } from '../lib/require-staff';
import { staffSession } from '../lib/staff-session';

/** 工作人员登录: email and password → a staff session (8 hours) → `/staff` or a `/staff…` `?next=`. */
export function StaffLoginForm() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const [notice, setNotice] = useState(readNavState(location.state).notice ?? null);
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ problem: UiError; other: string[] } | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const form = useFormFields(
    { email: '', password: '' },
    {
      email: (value) => (value.trim() === '' ? '请输入电子邮箱。' : null),
      password: (value) => (value === '' ? '请输入密码。' : null),
    },
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setNotice(null);
    setError(null);
    if (!form.validate()) return;
    setBusy(true);
    const outcome = await staffLogin({ email: form.values.email.trim(), password: form.values.password });
    setBusy(false);
    if (outcome.ok) {
      staffSession.start(outcome.data);
      navigate(staffNextPath(params.get('next')) ?? '/staff', { replace: true });
      return;
    }
    const problem = outcome.error;
    const other = problem.status === 422 ? form.showServerErrors(problem.fields).map(String) : [];
    setError({ problem, other });
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
        <FormAlert tone="info" testId="staff-login-notice">
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
      <form className={styles.form} noValidate onSubmit={(event) => void submit(event)} aria-label="工作人员登录">
        <Field label="电子邮箱" type="text" inputMode="email" autoComplete="username" autoCapitalize="none" spellCheck={false} {...form.field('email')} />
        <Field label="密码" type={showPassword ? 'text' : 'password'} autoComplete="current-password" {...form.field('password')} />
        <ShowPassword checked={showPassword} onChange={setShowPassword} />
        <div className={styles.actions}>
          <Button type="submit" busy={busy}>
            {busy ? '正在登录…' : '登录'}
          </Button>
        </div>
      </form>
    </div>
  );
}
