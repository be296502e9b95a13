import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

import { waitMessage, type UiError } from '@/api/client';
import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { SubmitAlert } from '@/components/form/submit-alert';
import { Button } from '@/components/ui/button';
import { useCountdown } from '@/hooks/use-countdown';
import { useFormFields } from '@/hooks/use-form-fields';
import { useSubmit } from '@/hooks/use-submit';
import { readNavState, type NavState } from '@/lib/nav-state';
import { normalizeMobile, serverTrim, validateMobile, validateSmsCode } from '@/lib/rules';

import { requestPhoneCode } from '../api/request-phone-code';
import { verifyPhone } from '../api/verify-phone';
import { MissingStep, type RegistrationGateApi } from './registration-gate';

export const PHONE_HINT = '中国大陆 11 位手机号';
/** A dead code needs a new SMS: said under the code field after the server's message. */
export const SEND_AGAIN = '请重新点击“发送”获取新的校验码。';
const NEEDS_NEW_CODE = new Set(['code_expired', 'code_dead', 'code_used']);
/** Longer waits (a daily limit) are said in words, not counted down on the button. */
const MAX_COUNTDOWN_SECONDS = 600;

/**
 * 手机确认: the mobile number, 发送 (then "60 秒后重发" from `resend_after_seconds`, or from
 * `Retry-After` on a 429), the 6-digit 校验码 and 确认. The server's messages go next to their
 * field; a wrong code says how many tries are left.
 */
export function PhoneForm({ gate }: { gate: RegistrationGateApi }) {
  const navigate = useNavigate();
  const notice = readNavState(useLocation().state).notice ?? null;
  const [deadline, setDeadline] = useState<number | null>(null);
  const seconds = useCountdown(deadline);
  const [action, setAction] = useState<'send' | 'verify'>('verify');
  const [sent, setSent] = useState<{ phone: string; minutes: number } | null>(null);
  const [identityMissing, setIdentityMissing] = useState<string | null>(gate.summary.name ? null : '');
  const form = useFormFields(
    { phone: gate.summary.phone ?? '', code: '' },
    {
      phone: (value) => validateMobile(value)?.message,
      code: (value) => validateSmsCode(value)?.message,
    },
  );
  const { busy, error, alertRef, run, onSubmit } = useSubmit(form);
  const sending = busy && action === 'send';
  const verifying = busy && action === 'verify';
  const phone = normalizeMobile(form.values.phone) ?? form.values.phone;

  /** The failures both steps hand on: the registration's state, or a missing identity step. */
  function handledElsewhere(problem: UiError) {
    if (gate.handleCommon(problem)) return true;
    if (problem.code !== 'identity_required') return false;
    setIdentityMissing(problem.message);
    return true;
  }

  const send = () =>
    run({
      ready: seconds === 0,
      validate: () => form.validate(['phone']),
      send: () => {
        setAction('send');
        return requestPhoneCode(phone);
      },
      onOk: (data) => {
        setDeadline(Date.now() + data.resend_after_seconds * 1000);
        setSent({ phone, minutes: Math.max(1, Math.ceil(data.expires_in / 60)) });
        form.focus('code');
      },
      onError: (problem) => {
        if (handledElsewhere(problem)) return true;
        const wait = problem.retryAfterSeconds;
        if (problem.status === 429 && wait !== undefined && wait <= MAX_COUNTDOWN_SECONDS) {
          setDeadline(Date.now() + wait * 1000);
        }
        if (problem.code !== 'phone_daily_limit') return false;
        // About this number (another one may still get codes): said under it.
        form.showServerErrors({ phone: `${problem.message}${wait !== undefined ? waitMessage(wait) : ''}` });
        return true;
      },
    });

  const verify = onSubmit({
    send: () => {
      setAction('verify');
      return verifyPhone(phone, serverTrim(form.values.code));
    },
    onOk: (data) => {
      const state: NavState = { notice: `手机号 ${data.phone} 已确认。` };
      navigate('/register/confirm', { state });
    },
    onError: (problem) => {
      if (handledElsewhere(problem)) return true;
      if (problem.code === undefined || !NEEDS_NEW_CODE.has(problem.code)) return false;
      form.showServerErrors({ code: `${problem.fields.code ?? problem.message}${SEND_AGAIN}` });
      return true;
    },
  });

  if (identityMissing !== null) return <MissingStep step="identity" message={identityMissing || undefined} />;

  const sendLabel = sending ? '正在发送…' : seconds > 0 ? `${seconds} 秒后重发` : '发送';
  return (
    <div className={formStyles.form}>
      {notice && (
        <FormAlert tone="success" testId="phone-notice">
          <p>{notice}</p>
        </FormAlert>
      )}
      {gate.summary.phone_verified && gate.summary.phone && (
        <FormAlert tone="info" testId="phone-stored">
          <p>手机号 {gate.summary.phone} 已经确认过。要换一个号码，请重新获取校验码并确认。</p>
        </FormAlert>
      )}
      <SubmitAlert ref={alertRef} error={error} />
      <form className={formStyles.form} noValidate onSubmit={verify} aria-label="手机确认">
        <Field
          label="手机号"
          hint={PHONE_HINT}
          type="tel"
          inputMode="tel"
          autoComplete="tel-national"
          {...form.field('phone')}
          onKeyDown={(event) => {
            // Enter in the number before any code was typed means 发送, not 确认.
            if (event.key === 'Enter' && form.values.code.trim() === '') {
              event.preventDefault();
              void send();
            }
          }}
          addon={
            <Button variant="secondary" busy={sending} unavailable={seconds > 0} onClick={() => void send()} data-testid="send-code">
              {sendLabel}
            </Button>
          }
        />
        {sent && (
          <p role="status" className={formStyles.muted} data-testid="code-sent">
            校验码已发送到 {sent.phone}，{sent.minutes} 分钟内有效。
          </p>
        )}
        <Field
          label="校验码"
          hint="短信中的 6 位数字"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          spellCheck={false}
          {...form.field('code')}
        />
        <div className={formStyles.actions}>
          <Button type="submit" busy={verifying}>
            {verifying ? '正在确认…' : '确认'}
          </Button>
        </div>
      </form>
    </div>
  );
}
