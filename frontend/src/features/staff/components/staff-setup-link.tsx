import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';

import type { UiError } from '@/api/problem';
import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';

import { setStaffPasswordByLink } from '../api/account-security';

/** The page of a one-time setup link (`/staff/setup?token=…`): a new staff member sets their own password. */
export function StaffSetupLink({ token }: { token: string | null }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [email, setEmail] = useState<string | null>(null);

  if (!token) {
    return (
      <FormAlert tone="error" testId="setup-link-missing">
        <p>链接不完整，请复制管理员发给您的完整设置链接。</p>
      </FormAlert>
    );
  }
  if (email) {
    return (
      <FormAlert tone="info" testId="setup-link-done">
        <p>密码已设置。请用 {email} 和新密码 <Link to="/login?as=staff">登录</Link>。</p>
      </FormAlert>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !token) return;
    setBusy(true);
    setError(null);
    const outcome = await setStaffPasswordByLink({ token, new_password: password });
    setBusy(false);
    if (outcome.ok) setEmail(outcome.data.email);
    else setError(outcome.error);
  }

  return (
    <form className={styles.form} noValidate onSubmit={(event) => void submit(event)} aria-label="设置密码">
      {error && !error.fields['new_password'] && <ProblemAlert error={error} />}
      <Field
        label="新密码"
        name="new_password"
        type="password"
        autoComplete="new-password"
        hint="6–64 位，须含字母和数字。此链接只能使用一次。"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={error?.fields['new_password']}
      />
      <div className={styles.actions}>
        <Button type="submit" busy={busy}>
          {busy ? '正在保存…' : '设置密码'}
        </Button>
      </div>
    </form>
  );
}
