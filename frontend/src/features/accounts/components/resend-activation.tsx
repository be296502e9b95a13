import { useState, type FormEvent } from 'react';

import type { UiError } from '@/api/client';
import { EMAIL_INPUT, Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { useCountdown } from '@/hooks/use-countdown';
import { useFormFields } from '@/hooks/use-form-fields';
import { normalizeEmail, validateEmail } from '@/lib/rules';

import { resendActivation } from '../api/resend-activation';

export interface ResendActivationProps {
  /** The address, when known (then only a button is shown); otherwise the student types it. */
  email?: string;
  /** A countdown already running (e.g. right after registering), as a `Date.now()` deadline. */
  availableAt?: number | null;
  label?: string;
}

/**
 * "重新发送激活邮件": `POST /api/v1/accounts/activation/resend`, then a countdown of
 * `resend_after_seconds` during which the button waits ("60 秒后可重新发送").
 */
export function ResendActivation({ email, availableAt = null, label = '重新发送激活邮件' }: ResendActivationProps) {
  const [deadline, setDeadline] = useState<number | null>(availableAt);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const seconds = useCountdown(deadline);
  const form = useFormFields({ email: '' }, { email: (value) => validateEmail(value)?.message });

  async function send(event?: FormEvent) {
    event?.preventDefault();
    if (busy || seconds > 0) return;
    if (email === undefined && !form.validate()) return;
    const address = normalizeEmail(email ?? form.values.email);
    setBusy(true);
    setError(null);
    setSentTo(null);
    const outcome = await resendActivation(address);
    setBusy(false);
    if (outcome.ok) {
      setSentTo(address);
      setDeadline(Date.now() + outcome.data.resend_after_seconds * 1000);
    } else if (email === undefined && outcome.error.fields.email) {
      form.showServerErrors(outcome.error.fields); // next to the email input
    } else {
      setError(outcome.error);
    }
  }

  const button = (
    <Button type={email === undefined ? 'submit' : 'button'} variant="secondary" busy={busy} unavailable={seconds > 0} onClick={email === undefined ? undefined : () => void send()}>
      {busy ? '正在发送…' : seconds > 0 ? `${seconds} 秒后可重新发送` : label}
    </Button>
  );

  return (
    <div className={styles.form}>
      {email === undefined ? (
        <form className={styles.form} noValidate onSubmit={(event) => void send(event)}>
          <Field
            label="注册时填写的电子邮箱"
            type="text"
            {...EMAIL_INPUT}
            {...form.field('email')}
          />
          <div className={styles.actions}>{button}</div>
        </form>
      ) : (
        <div className={styles.actions}>{button}</div>
      )}
      {sentTo && (
        <FormAlert tone="success" testId="resend-sent">
          <p>如果 {sentTo} 的账号还在等待激活，我们已重新发送激活邮件。请查收最新的一封，也看看垃圾邮件文件夹。</p>
        </FormAlert>
      )}
      {error && (
        <ProblemAlert error={error}>
          {Object.entries(error.fields).map(([field, message]) => (
            <p key={field}>{message}</p>
          ))}
        </ProblemAlert>
      )}
    </div>
  );
}
