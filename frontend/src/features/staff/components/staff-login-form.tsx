import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

import type { UiError } from '@/api/problem';
import { CredentialsForm, useLoginSubmit } from '@/components/form/credentials-form';
import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { useFormFields } from '@/hooks/use-form-fields';
import { readNavState } from '@/lib/nav-state';

import { getStaffMeSetup } from '../api/account-security';
import { isChallenge, staffLogin, staffLoginSecondFactor, type StaffChallengeBody } from '../api/staff-login';
import { staffNextPath } from '@/lib/staff/require-staff';
import { staffSession } from '@/lib/staff/staff-session';

/**
 * 工作人员登录: email and password → a staff session (8 hours) → `/staff` or a `/staff…` `?next=`.
 * With 两步验证 enrolled the password answers a challenge and a second step asks for the code (or a
 * recovery code); an account with setup steps left (own password, 两步验证) goes to 账号安全 first.
 */
export function StaffLoginForm() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const [notice, setNotice] = useState(readNavState(location.state).notice ?? null);
  const [challenge, setChallenge] = useState<StaffChallengeBody | null>(null);
  const form = useFormFields(
    { email: '', password: '' },
    {
      email: (value) => (value.trim() === '' ? '请输入电子邮箱。' : null),
      password: (value) => (value === '' ? '请输入密码。' : null),
    },
  );
  const submit = useLoginSubmit(form);

  async function loggedIn(session: Parameters<typeof staffSession.start>[0]) {
    staffSession.start(session);
    // A new account must set itself up before anything else answers: 账号安全 first.
    const me = await getStaffMeSetup();
    // (Older servers' answers have no `setup_required`.)
    if (me.ok && (me.data.setup_required ?? []).length > 0) {
      navigate('/staff/security', { replace: true });
      return;
    }
    navigate(staffNextPath(params.get('next')) ?? '/staff', { replace: true });
  }

  const onSubmit = submit.onSubmit({
    send: () => staffLogin({ email: form.values.email.trim(), password: form.values.password }),
    onOk: (data) => {
      if (isChallenge(data)) setChallenge(data);
      else void loggedIn(data);
    },
    onError: submit.onError,
  });

  if (challenge) {
    return (
      <SecondFactorStep
        challenge={challenge}
        onDone={(session) => void loggedIn(session)}
        onRestart={() => {
          setChallenge(null);
          form.setValue('password', '');
        }}
      />
    );
  }

  return (
    <CredentialsForm
      label="工作人员登录"
      notice={notice}
      noticeTestId="staff-login-notice"
      form={form}
      login={submit}
      onSubmit={(event) => {
        setNotice(null);
        onSubmit(event);
      }}
    />
  );
}

/** The code step of a staff login: the 6-digit code of the authenticator app, or a recovery code. */
export function SecondFactorStep({
  challenge,
  onDone,
  onRestart,
}: {
  challenge: StaffChallengeBody;
  onDone: (session: Parameters<typeof staffSession.start>[0]) => void;
  onRestart: () => void;
}) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const label = useRecovery ? '恢复码' : '验证码';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    const typed = value.trim();
    if (useRecovery ? typed === '' : !/^\d{6}$/.test(typed.replace(/\s/g, ''))) {
      setFieldError(useRecovery ? '请输入一个恢复码。' : '请输入验证器应用中的 6 位数字验证码。');
      return;
    }
    setFieldError(null);
    setBusy(true);
    const body = useRecovery ? { challenge: challenge.challenge, recovery_code: typed } : { challenge: challenge.challenge, code: typed.replace(/\s/g, '') };
    const outcome = await staffLoginSecondFactor(body);
    setBusy(false);
    if (outcome.ok) {
      onDone(outcome.data);
      return;
    }
    setValue('');
    setError(outcome.error);
  }

  const expired = error?.code === 'challenge_expired' || error?.code === 'challenge_invalid';
  return (
    <div className={styles.form}>
      <FormAlert tone="info" testId="staff-second-factor-notice">
        <p>密码正确。请打开手机上的验证器应用（如“腾讯身份验证器”“Google Authenticator”），输入显示的 6 位验证码。</p>
      </FormAlert>
      {error && <ProblemAlert error={error} />}
      {expired ? (
        <div className={styles.actions}>
          <Button type="button" onClick={onRestart}>
            重新输入密码
          </Button>
        </div>
      ) : (
        <form className={styles.form} noValidate onSubmit={(event) => void submit(event)} aria-label="两步验证">
          <Field
            key={useRecovery ? 'recovery' : 'code'}
            label={label}
            name={useRecovery ? 'recovery_code' : 'code'}
            type="text"
            inputMode={useRecovery ? 'text' : 'numeric'}
            autoComplete={useRecovery ? 'off' : 'one-time-code'}
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            value={value}
            onChange={(event) => setValue(event.target.value)}
            error={fieldError ?? undefined}
            hint={useRecovery ? '形如 ABCD-EFGH-JKLM，每个恢复码只能用一次。' : undefined}
          />
          <div className={styles.actions}>
            <Button type="submit" busy={busy}>
              {busy ? '正在验证…' : '验证并登录'}
            </Button>
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                setUseRecovery(!useRecovery);
                setValue('');
                setFieldError(null);
              }}
            >
              {useRecovery ? '使用验证码' : '使用恢复码'}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
