import { useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

import type { UiError } from '@/api/client';
import { FormAlert } from '@/components/form/form-alert';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { ActionLink } from '@/components/ui/action-link';
import { session } from '@/lib/session';

import { activateAccount } from '../api/activate-account';
import { ResendActivation } from './resend-activation';

const DEAD_LINK = new Set(['token_invalid', 'token_expired']);

function ResendSection() {
  return (
    <section className={styles.subsection} aria-labelledby="resend-title">
      <h2 id="resend-title" className={styles.subheading}>
        重新发送激活邮件
      </h2>
      <p>填写注册时用的邮箱，我们会发一封新的激活邮件。</p>
      <ResendActivation />
    </section>
  );
}

/**
 * 激活账号. Mail scanners open the links of an email, so nothing happens on load: the student
 * presses 激活账号, which POSTs the token; then the registration continues at `/register/identity`.
 */
export function ActivateAccount() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const token = params.get('token')?.trim() ?? '';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  if (token === '') {
    return (
      <>
        <FormAlert tone="error" title="激活链接不完整">
          <p>这个地址缺少激活码，可能是复制链接时只复制了一部分。请回到激活邮件，点击其中的链接，或把完整的链接复制到浏览器地址栏中打开。</p>
        </FormAlert>
        <ResendSection />
      </>
    );
  }

  async function activate() {
    setBusy(true);
    setError(null);
    const outcome = await activateAccount(token);
    if (outcome.ok) {
      session.setRegistrationToken(outcome.data.registration_token);
      navigate('/register/identity', { replace: true });
      return;
    }
    setBusy(false);
    setError(outcome.error);
    queueMicrotask(() => alertRef.current?.focus());
  }

  if (error?.code === 'registration_complete') {
    return (
      <>
        <FormAlert tone="info" title="账号已完成注册" ref={alertRef} testId="activate-complete">
          <p>{error.message}</p>
        </FormAlert>
        <ActionLink to="/login">登录</ActionLink>
      </>
    );
  }

  if (error && error.code !== undefined && DEAD_LINK.has(error.code)) {
    return (
      <>
        <ProblemAlert error={error} ref={alertRef} />
        <ResendSection />
      </>
    );
  }

  return (
    <>
      <p>点击下面的按钮激活你的学信网账号。激活后，接着填写实名信息完成注册。</p>
      <p className={styles.muted}>为什么需要点按钮？邮箱服务会自动打开邮件中的链接做安全检查，所以要等你本人确认后才激活。</p>
      {error && <ProblemAlert error={error} ref={alertRef} />}
      <div className={styles.actions}>
        <Button busy={busy} onClick={() => void activate()}>
          {busy ? '正在激活…' : '激活账号'}
        </Button>
      </div>
    </>
  );
}
