import { useState } from 'react';

import { EMAIL_INPUT, Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { ShowPassword } from '@/components/form/show-password';
import { Button } from '@/components/ui/button';
import { useCountdown } from '@/hooks/use-countdown';
import { useFormFields } from '@/hooks/use-form-fields';
import { useSubmit } from '@/hooks/use-submit';
import { serverTrim, validateEmail } from '@/lib/rules';

import { startPhoneRecovery } from '../api/start-phone-recovery';

/** 手机号不能用了: the login email and password; a link to change the phone goes to that email. */
export function LostPhoneForm() {
  const [showPassword, setShowPassword] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [deadline, setDeadline] = useState<number | null>(null);
  const seconds = useCountdown(deadline);
  const form = useFormFields(
    { email: '', password: '' },
    { email: (value) => validateEmail(value)?.message, password: (value) => (value === '' ? '请填写密码。' : null) },
  );
  const { busy, error, alertRef, onSubmit } = useSubmit(form);
  const email = serverTrim(form.values.email);
  const submit = onSubmit({
    ready: seconds === 0,
    send: () => startPhoneRecovery(email, form.values.password),
    onOk: (data) => {
      setSentTo(email);
      setDeadline(Date.now() + data.resend_after_seconds * 1000);
      form.setValue('password', '');
    },
  });

  return (
    <div className={styles.form}>
      {sentTo && (
        <FormAlert tone="success" title="请查收邮件" testId="phone-link-sent">
          <p>
            更换手机号的链接已发送到 <strong>{sentTo}</strong>，1 小时内有效。打开链接后填写新手机号和短信校验码即可。
          </p>
        </FormAlert>
      )}
      {error && <ProblemAlert error={error.problem} ref={alertRef} />}
      <form className={styles.form} noValidate onSubmit={submit} aria-label="手机号不能用了">
        <Field label="电子邮箱" hint="登录用的邮箱" {...EMAIL_INPUT} {...form.field('email')} />
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
