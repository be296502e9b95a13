import { useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

import { CredentialsForm, useLoginSubmit } from '@/components/form/credentials-form';
import styles from '@/components/form/form.module.css';
import { CONSENT_LINK } from '@/lib/privacy-links';
import { useFormFields } from '@/hooks/use-form-fields';
import { readNavState } from '@/lib/nav-state';
import { REQUIRED_MESSAGES } from '@/lib/rules';
import { session } from '@/lib/session';
import { safeNextPath } from '@/lib/session/next-path';

import { login } from '../api/login';
import { endPreviousSession } from '../api/logout';
import { ResendActivation } from './resend-activation';

/** 登录: email and password; a session (→ `/me` or `?next=`), or an unfinished registration. */
export function LoginForm() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const navState = readNavState(location.state);
  const [notice, setNotice] = useState(navState.notice ?? null);
  const [rememberMe, setRememberMe] = useState(false);
  // The address a failed login was tried with (an account not yet activated: where the mail went).
  const [triedEmail, setTriedEmail] = useState('');
  const form = useFormFields(
    { email: navState.email ?? '', password: '' },
    {
      email: (value) => (value.trim() === '' ? REQUIRED_MESSAGES.email_required : null),
      password: (value) => (value === '' ? REQUIRED_MESSAGES.password_required : null),
    },
  );
  const submit = useLoginSubmit(form);
  const { email, password } = form.values;
  const onSubmit = submit.onSubmit({
    send: async () => {
      const outcome = await login({ email, password, remember_me: rememberMe });
      if (outcome.ok) await endPreviousSession();
      return outcome;
    },
    onOk: (data) => {
      if (data.status === 'active') {
        session.start(data, rememberMe);
        const next = safeNextPath(params.get('next')) ?? '/me';
        // A changed privacy notice is agreed to (or the account closed) before anything else.
        if (data.consent_required) {
          navigate(`${CONSENT_LINK}?next=${encodeURIComponent(next)}`, { replace: true });
        } else {
          navigate(next, { replace: true });
        }
      } else {
        session.clear('logout');
        session.setRegistrationToken(data.registration_token);
        navigate('/register/identity', { replace: true });
      }
    },
    onError: (problem) => {
      setTriedEmail(email.trim());
      return submit.onError(problem);
    },
  });

  return (
    <CredentialsForm
      label="登录"
      notice={notice}
      noticeTestId="login-notice"
      form={form}
      login={submit}
      onSubmit={(event) => {
        setNotice(null);
        onSubmit(event);
      }}
      below={
        submit.error?.problem.code === 'account_not_activated' && (
          <section className={styles.subsection} aria-label="重新发送激活邮件">
            <p>激活邮件发到了 {triedEmail}，链接 24 小时内有效。找不到邮件？请先看看垃圾邮件文件夹，或者：</p>
            <ResendActivation key={triedEmail} email={triedEmail} />
          </section>
        )
      }
    >
      <div className={styles.checkbox}>
        <input id="login-remember-me" type="checkbox" checked={rememberMe} onChange={(event) => setRememberMe(event.target.checked)} />
        <label htmlFor="login-remember-me">记住我（只在自己的设备上勾选：最长保持登录 30 天。不勾选时，关闭浏览器即退出登录，最长 12 小时）</label>
      </div>
    </CredentialsForm>
  );
}
