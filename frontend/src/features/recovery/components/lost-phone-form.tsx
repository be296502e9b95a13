import { useRef, useState, type FormEvent } from 'react';

import type { UiError } from '@/api/client';
import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { ShowPassword } from '@/components/form/show-password';
import { Button } from '@/components/ui/button';
import { useCountdown } from '@/hooks/use-countdown';
import { useFormFields } from '@/hooks/use-form-fields';
import { serverTrim, validateEmail } from '@/lib/rules';

import { startPhoneRecovery } from '../api/start-phone-recovery';

/** 手机号不能用了: the login email and password; a link to change the phone goes to that email. */
export function LostPhoneForm() {
  const [busy, setBusy] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [deadline, setDeadline] = useState<number | null>(null);
  const seconds = useCountdown(deadline);
  const [error, setError] = useState<UiError | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const form = useFormFields(
    { email: '', password: '' },
    { email: (value) => validateEmail(value)?.message, password: (value) => (value === '' ? '请填写密码。' : null) },
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || seconds > 0) return;
    setError(null);
    if (!form.validate()) return;
    setBusy(true);
    const email = serverTrim(form.values.email);
    const outcome = await startPhoneRecovery(email, form.values.password);
    setBusy(false);
    if (outcome.ok) {
      setSentTo(email);
      setDeadline(Date.now() + outcome.data.resend_after_seconds * 1000);
      form.setValue('password', '');
      return;
    }
    const other = form.showServerErrors(outcome.error.fields);
    if (Object.keys(outcome.error.fields).length === 0 || other.length > 0) {
      setError(outcome.error);
      queueMicrotask(() => alertRef.current?.focus());
    }
  }

  return (
    <div className={styles.form}>
      {sentTo && (
        <FormAlert tone="success" title="请查收邮件" testId="phone-link-sent">
          <p>
            更换手机号的链接已发送到 <strong>{sentTo}</strong>，1 小时内有效。打开链接后填写新手机号和短信校验码即可。
          </p>
        </FormAlert>
      )}
      {error && <ProblemAlert error={error} ref={alertRef} />}
      <form className={styles.form} noValidate onSubmit={(event) => void submit(event)} aria-label="手机号不能用了">
        <Field label="电子邮箱" hint="登录用的邮箱" inputMode="email" autoComplete="email" autoCapitalize="none" spellCheck={false} {...form.field('email')} />
        <Field label="密码" type={showPassword ? 'text' : 'password'} autoComplete="current-password" {...form.field('password')} />
        <ShowPassword checked={showPassword} onChange={setShowPassword} />
        <div className={styles.actions}>
          <Button type="submit" busy={busy} unavailable={seconds > 0}>
            {busy ? '正在核对…' : seconds > 0 ? `${seconds} 秒后可重新发送` : '发送更换链接'}
          </Button>
        </div>
      </form>
    </div>
  );
}
