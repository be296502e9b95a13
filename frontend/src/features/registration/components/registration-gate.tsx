import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';

import type { UiError } from '@/api/client';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button, buttonClass } from '@/components/ui/button';
import { ActionLink } from '@/components/ui/action-link';
import type { NavState } from '@/lib/nav-state';
import { session } from '@/lib/session';

import { abandonRegistration } from '../api/abandon-registration';
import { getRegistration, type RegistrationSummary } from '../api/get-registration';

/** What a registration step gets from the gate. */
export interface RegistrationGateApi {
  summary: RegistrationSummary;
  /**
   * Handles what every step answers alike; `true` when it did: 401 (the registration token is
   * gone or expired: explain and link to the login) and 409 `registration_complete` (log in).
   */
  handleCommon: (error: UiError) => boolean;
}

type GateState =
  | { state: 'loading' }
  | { state: 'no-token' }
  | { state: 'ok'; summary: RegistrationSummary }
  | { state: 'error'; error: UiError };

export const COMPLETE_NOTICE = '你的账号已经完成注册，请直接登录。';

/**
 * Without the registration token (another tab or browser, a closed tab, expired after 2 hours)
 * nothing can be sent: say why and how to go on — logging in to an unfinished account continues
 * the registration.
 */
export function NoRegistrationToken() {
  return (
    <>
      <FormAlert tone="error" title="无法继续注册" testId="registration-no-token">
        <p>这个页面要从激活邮件中的链接或登录进入。可能是换了浏览器或窗口、关闭过页面，或者距离激活已超过 2 小时。</p>
        <p>已经激活了账号？已填写的信息不会丢失，请用注册时的邮箱和密码登录，接着完成注册。</p>
      </FormAlert>
      <div className={formStyles.actions}>
        <Link to="/login" className={buttonClass('primary')}>
          登录并继续注册
        </Link>
        <Link to="/register" className={buttonClass('secondary')}>
          注册新账号
        </Link>
      </div>
    </>
  );
}

export const ABANDONED_NOTICE = '你已退出注册。已填写的信息保存在账号中，用注册邮箱和密码登录即可继续。';

/** 退出注册: for a shared computer — the registration token is revoked and the tab goes to the login page. */
function AbandonRegistration() {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <div className={formStyles.actions}>
      <Button
        variant="secondary"
        busy={busy}
        onClick={() => {
          if (busy) return;
          setBusy(true);
          void abandonRegistration().then(() => {
            const state: NavState = { notice: ABANDONED_NOTICE };
            navigate('/login', { replace: true, state });
          });
        }}
      >
        {busy ? '正在退出…' : '退出注册'}
      </Button>
    </div>
  );
}

/**
 * Around every step after activation: needs the registration token, loads the summary
 * (`GET /api/v1/registration`) and shows loading, errors (with 重试), a missing or expired token,
 * and sends a finished registration to the login page. `children` renders the step.
 */
export function RegistrationGate({ children }: { children: (gate: RegistrationGateApi) => ReactNode }) {
  const navigate = useNavigate();
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<GateState>(() => (session.registrationToken() ? { state: 'loading' } : { state: 'no-token' }));

  const handleCommon = useCallback(
    (error: UiError) => {
      if (error.status === 401) {
        session.setRegistrationToken(null);
        setResult({ state: 'no-token' });
        return true;
      }
      if (error.status === 409 && error.code === 'registration_complete') {
        session.setRegistrationToken(null);
        const state: NavState = { notice: COMPLETE_NOTICE };
        navigate('/login', { replace: true, state });
        return true;
      }
      return false;
    },
    [navigate],
  );

  useEffect(() => {
    if (!session.registrationToken()) return;
    const controller = new AbortController();
    getRegistration(controller.signal).then(
      (outcome) => {
        if (controller.signal.aborted) return;
        if (outcome.ok) setResult({ state: 'ok', summary: outcome.data });
        else if (!handleCommon(outcome.error)) setResult({ state: 'error', error: outcome.error });
      },
      () => {
        /* aborted */
      },
    );
    return () => controller.abort();
  }, [attempt, handleCommon]);

  switch (result.state) {
    case 'loading':
      return (
        <p role="status" className={formStyles.muted} data-testid="registration-loading">
          正在读取注册信息…
        </p>
      );
    case 'no-token':
      return <NoRegistrationToken />;
    case 'error':
      return (
        <>
          <ProblemAlert error={result.error} />
          <div className={formStyles.actions}>
            <Button
              variant="secondary"
              onClick={() => {
                setResult({ state: 'loading' });
                setAttempt((n) => n + 1);
              }}
            >
              重试
            </Button>
          </div>
        </>
      );
    case 'ok':
      return (
        <>
          {children({ summary: result.summary, handleCommon })}
          <AbandonRegistration />
        </>
      );
  }
}

/** "Do the earlier step first" (`identity_required`, `phone_not_verified`), with a link to it. */
export function MissingStep({ step, message }: { step: 'identity' | 'phone'; message?: string }) {
  const identity = step === 'identity';
  return (
    <>
      <FormAlert tone="error" title={identity ? '还没有填写实名信息' : '还没有确认手机号'} testId={`missing-${step}`}>
        <p>{message ?? (identity ? '请先完成实名信息（姓名和身份证号）这一步。' : '请先完成手机确认（输入短信校验码）。')}</p>
      </FormAlert>
      <ActionLink to={identity ? '/register/identity' : '/register/phone'}>{identity ? '去填写实名信息' : '去确认手机号'}</ActionLink>
    </>
  );
}
