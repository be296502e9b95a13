import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ActionLink } from '@/components/ui/action-link';
import { useCountdown } from '@/hooks/use-countdown';
import { readNavState, type NavState } from '@/lib/nav-state';

import styles from './registration.module.css';

/** The original guide: the page counts down and moves to the login page after 30 seconds. */
export const DONE_REDIRECT_SECONDS = 30;
export const LOGIN_NOTICE = '注册已完成，请用邮箱和密码登录。';

/**
 * 注册完成, with "30 秒后自动进入登录页面" counting down, then the login page (the email filled
 * in). The countdown runs on `Date.now()` and `setInterval`, so tests drive it with fake timers
 * (Vitest's `vi.useFakeTimers()`, Playwright's `page.clock`).
 */
export function RegistrationDone({ seconds = DONE_REDIRECT_SECONDS }: { seconds?: number }) {
  const navigate = useNavigate();
  const { email } = readNavState(useLocation().state);
  const [deadline] = useState(() => Date.now() + seconds * 1000);
  const left = useCountdown(deadline);
  const loginState: NavState = { notice: LOGIN_NOTICE, ...(email && { email }) };

  useEffect(() => {
    if (left === 0) navigate('/login', { replace: true, state: loginState });
    // loginState is derived from the location, which does not change on this page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [left, navigate]);

  return (
    <div className={formStyles.form}>
      <FormAlert tone="success" testId="registration-done">
        <p>你的学信网账号已经注册完成。以后请用{email ? ` ${email} ` : '注册的邮箱'}和密码登录，登录后可以查看学籍和学历信息。</p>
      </FormAlert>
      <p className={styles.countdown} role="timer" aria-live="off" data-testid="done-countdown">
        <strong>{left}</strong> 秒后自动进入登录页面
      </p>
      <ActionLink to="/login" replace state={loginState}>立即登录</ActionLink>
    </div>
  );
}
