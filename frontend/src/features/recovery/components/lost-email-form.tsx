import { useState } from 'react';

import { EMAIL_INPUT, Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { useCountdown } from '@/hooks/use-countdown';
import { useFormFields } from '@/hooks/use-form-fields';
import { retryDeadline, useSubmit } from '@/hooks/use-submit';
import { normalizeMobile, serverTrim, validateEmail, validateIdNumber, validateMobile, validateName, validateSmsCode } from '@/lib/rules';

import { startEmailRecovery } from '../api/start-email-recovery';
import { verifyEmailRecovery } from '../api/verify-email-recovery';

/** The wrong-code answers after which only a new code helps. */
const NEEDS_NEW_CODE = new Set(['code_expired', 'code_dead', 'code_used', 'code_not_requested']);

/**
 * 邮箱不能用了: 第一步 name, ID number and the confirmed phone (发送校验码); 第二步 the SMS code and
 * the new email. The first answer never says whether the details matched, so neither does this
 * page: "如果信息与账号相符，校验码已发送".
 */
export function LostEmailForm() {
  const [stage, setStage] = useState<'details' | 'code' | 'sent'>('details');
  const [deadline, setDeadline] = useState<number | null>(null);
  const seconds = useCountdown(deadline);
  const [sentTo, setSentTo] = useState<{ email: string; minutes: number } | null>(null);
  const form = useFormFields(
    { name: '', id_number: '', phone: '', code: '', new_email: '' },
    {
      name: (value) => validateName(value)?.message,
      id_number: (value) => validateIdNumber(value)?.message,
      phone: (value) => validateMobile(value)?.message,
      code: (value) => validateSmsCode(value)?.message,
      new_email: (value) => validateEmail(value)?.message,
    },
  );

  function details() {
    return {
      name: serverTrim(form.values.name),
      id_number: serverTrim(form.values.id_number),
      phone: normalizeMobile(form.values.phone) ?? form.values.phone,
    };
  }

  const { busy, error, alertRef, run } = useSubmit(form);
  const sendCode = () =>
    run({
      ready: seconds === 0,
      validate: () => form.validate(['name', 'id_number', 'phone']),
      send: () => startEmailRecovery(details()),
      onOk: (data) => {
        setDeadline(Date.now() + data.resend_after_seconds * 1000);
        setStage('code');
        queueMicrotask(() => form.focus('code'));
      },
      onError: (problem) => setDeadline((current) => retryDeadline(problem) ?? current),
    });
  const verify = () =>
    run({
      send: () => verifyEmailRecovery({ ...details(), code: serverTrim(form.values.code), new_email: serverTrim(form.values.new_email) }),
      onOk: (data) => {
        setSentTo({ email: data.email, minutes: Math.round(data.expires_in / 60) });
        setStage('sent');
      },
      onError: (problem) => {
        const stale = problem.code !== undefined && NEEDS_NEW_CODE.has(problem.code);
        if (stale) form.showServerErrors({ code: `${problem.fields.code ?? problem.message}请重新获取校验码。` });
        return stale;
      },
    });

  if (stage === 'sent' && sentTo) {
    return (
      <FormAlert tone="success" title="请查收新邮箱" testId="recovery-mail-sent">
        <p>
          确认邮件已发送到 <strong>{sentTo.email}</strong>。请在 {sentTo.minutes} 分钟内打开邮件中的链接，登录邮箱才会改成它。
        </p>
        <p>改好后，所有设备都会退出登录，请用新邮箱和原来的密码登录。</p>
      </FormAlert>
    );
  }

  const sendLabel = busy && stage === 'details' ? '正在发送…' : seconds > 0 ? `${seconds} 秒后可重新发送` : stage === 'code' ? '重新发送校验码' : '发送校验码';
  return (
    <div className={styles.form}>
      {error && <ProblemAlert error={error.problem} ref={alertRef} />}
      <form className={styles.form} noValidate onSubmit={(event) => {
          event.preventDefault();
          void (stage === 'details' ? sendCode() : verify());
        }} aria-label="邮箱不能用了">
        <Field label="姓名" hint="与身份证上一致" autoComplete="name" {...form.field('name')} />
        <Field label="身份证号" hint="18 位，最后一位可能是 X" autoComplete="off" spellCheck={false} {...form.field('id_number')} />
        <Field
          label="手机号"
          hint="账号里确认过的手机号，校验码会发到这里"
          type="tel"
          inputMode="tel"
          autoComplete="tel-national"
          {...form.field('phone')}
          addon={
            stage === 'code' && (
              <Button variant="secondary" busy={busy} unavailable={seconds > 0} onClick={() => void sendCode()} data-testid="send-code">
                {sendLabel}
              </Button>
            )
          }
        />
        {stage === 'code' && (
          <>
            <p role="status" className={styles.muted} data-testid="code-sent">
              如果姓名、身份证号和手机号与一个学信网账号相符，校验码已发送到这个手机号，5 分钟内有效。
            </p>
            <Field label="校验码" hint="短信中的 6 位数字" inputMode="numeric" autoComplete="one-time-code" spellCheck={false} {...form.field('code')} />
            <Field
              label="新的电子邮箱"
              hint="以后用它登录；我们会发一封确认邮件到这里"
              {...EMAIL_INPUT}
              {...form.field('new_email')}
            />
          </>
        )}
        <div className={styles.actions}>
          {stage === 'details' ? (
            <Button type="submit" busy={busy} unavailable={seconds > 0}>
              {sendLabel}
            </Button>
          ) : (
            <Button type="submit" busy={busy}>
              {busy ? '正在提交…' : '提交'}
            </Button>
          )}
        </div>
      </form>
    </div>
  );
}
