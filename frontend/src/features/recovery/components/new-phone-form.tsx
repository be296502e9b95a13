import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { Field } from '@/components/form/field';
import styles from '@/components/form/form.module.css';
import { Button } from '@/components/ui/button';
import { useCountdown } from '@/hooks/use-countdown';
import { useFormFields } from '@/hooks/use-form-fields';
import { retryDeadline, useSubmit } from '@/hooks/use-submit';
import { DoneLogInAgain, IncompleteMailLink, isDeadLink, MailLinkAlert, onDeadLink } from '@/components/mail-link';
import { normalizeMobile, serverTrim, validateMobile, validateSmsCode } from '@/lib/rules';
import { session } from '@/lib/session';

import { confirmNewPhone } from '../api/confirm-new-phone';
import { requestNewPhoneCode } from '../api/request-new-phone-code';

/** 更换手机号 with the emailed link: the new number, 发送, the 6-digit code, 确认. */
export function NewPhoneForm() {
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const [action, setAction] = useState<'send' | 'verify'>('verify');
  const [deadline, setDeadline] = useState<number | null>(null);
  const seconds = useCountdown(deadline);
  const [sent, setSent] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormFields({ phone: '', code: '' }, { phone: (value) => validateMobile(value)?.message, code: (value) => validateSmsCode(value)?.message });

  const { busy, error, alertRef, run, showOnTop, onSubmit } = useSubmit(form);
  const phone = normalizeMobile(form.values.phone) ?? form.values.phone;
  // A dead link: its own message on top, with the way to a new one.
  const deadLink = onDeadLink(showOnTop);
  const send = () =>
    run({
      ready: seconds === 0,
      validate: () => form.validate(['phone']),
      send: () => {
        setAction('send');
        return requestNewPhoneCode(token, phone);
      },
      onOk: (data) => {
        setDeadline(Date.now() + data.resend_after_seconds * 1000);
        setSent(phone);
        form.focus('code');
      },
      onError: (problem) => {
        setDeadline((current) => retryDeadline(problem) ?? current);
        return deadLink(problem);
      },
    });
  const verify = onSubmit({
    send: () => {
      setAction('verify');
      return confirmNewPhone(token, phone, serverTrim(form.values.code));
    },
    onOk: (data) => {
      session.clear('logout');
      setDone(data.phone);
    },
    onError: deadLink,
  });

  if (token === '') {
    return (
      <IncompleteMailLink />
    );
  }
  if (done) {
    return (
      <DoneLogInAgain title="手机号已更换" testId="phone-recovered">
        <p>新手机号 {done} 已确认。所有设备都已退出登录，请重新登录。</p>
      </DoneLogInAgain>
    );
  }
  const dead = isDeadLink(error?.problem);
  return (
    <div className={styles.form}>
      <MailLinkAlert error={error} ref={alertRef} again={{ to: '/recover', label: '重新找回账号' }} />
      {!dead && (
        <form className={styles.form} noValidate onSubmit={verify} aria-label="更换手机号">
          <Field
            label="新手机号"
            hint="中国大陆 11 位手机号"
            type="tel"
            inputMode="tel"
            autoComplete="tel-national"
            {...form.field('phone')}
            addon={
              <Button variant="secondary" busy={busy && action === 'send'} unavailable={seconds > 0} onClick={() => void send()} data-testid="send-code">
                {busy && action === 'send' ? '正在发送…' : seconds > 0 ? `${seconds} 秒后重发` : '发送'}
              </Button>
            }
          />
          {sent && (
            <p role="status" className={styles.muted} data-testid="code-sent">
              校验码已发送到 {sent}，5 分钟内有效。
            </p>
          )}
          <Field label="校验码" hint="短信中的 6 位数字" inputMode="numeric" autoComplete="one-time-code" spellCheck={false} {...form.field('code')} />
          <div className={styles.actions}>
            <Button type="submit" busy={busy && action === 'verify'}>
              {busy && action === 'verify' ? '正在确认…' : '确认'}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
