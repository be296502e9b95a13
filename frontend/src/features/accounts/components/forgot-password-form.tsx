import { useState } from 'react';
import { useLocation } from 'react-router';

import { EMAIL_INPUT, Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { useCountdown } from '@/hooks/use-countdown';
import { useFormFields } from '@/hooks/use-form-fields';
import { useSubmit } from '@/hooks/use-submit';
import { readNavState } from '@/lib/nav-state';
import { validateEmail } from '@/lib/rules';

import { requestPasswordReset } from '../api/request-password-reset';

/** 找回密码: asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordForm() {
  const prefill = readNavState(useLocation().state).email ?? '';
  const [sent, setSent] = useState(false);
  const [deadline, setDeadline] = useState<number | null>(null);
  const seconds = useCountdown(deadline);
  const form = useFormFields({ email: prefill }, { email: (value) => validateEmail(value)?.message });
  const { busy, error, alertRef, onSubmit } = useSubmit(form);
  const submit = onSubmit({
    ready: seconds === 0,
    send: () => requestPasswordReset(form.values.email),
    onOk: (data) => {
      setSent(true);
      setDeadline(Date.now() + data.resend_after_seconds * 1000);
    },
  });

  return (
    <div className={styles.form}>
      {sent && (
        <FormAlert tone="success" testId="reset-requested">
          <p>如果该邮箱已注册，我们已发送重置密码的邮件，请在 1 小时内打开邮件中的链接。</p>
          <p>没有收到？请看看垃圾邮件文件夹，或稍后重新发送。</p>
        </FormAlert>
      )}
      {error && <ProblemAlert error={error.problem} ref={alertRef} />}
      <form className={styles.form} noValidate onSubmit={submit} aria-label="找回密码">
        <Field
          label="电子邮箱"
          hint="注册学信网账号时填写的邮箱"
          type="text"
          {...EMAIL_INPUT}
          {...form.field('email')}
        />
        <div className={styles.actions}>
          <Button type="submit" busy={busy} unavailable={seconds > 0}>
            {busy ? '正在发送…' : seconds > 0 ? `${seconds} 秒后可重新发送` : sent ? '重新发送' : '发送重置邮件'}
          </Button>
        </div>
      </form>
    </div>
  );
}
