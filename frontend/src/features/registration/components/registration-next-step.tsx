import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import type { UiError } from '@/api/client';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button, buttonClass } from '@/components/ui/button';
import type { NavState } from '@/lib/nav-state';
import { session } from '@/lib/session';

import { getRegistration } from '../api/get-registration';
import styles from './registration-next-step.module.css';

type State = { state: 'loading' } | { state: 'no-token' } | { state: 'ok'; email: string } | { state: 'error'; error: UiError };

/**
 * After activation (or a login to an unfinished account): the account, and what comes next.
 * The real-name and phone steps come next; until then this page says so.
 */
export function RegistrationNextStep() {
  const navigate = useNavigate();
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<State>(() => (session.registrationToken() ? { state: 'loading' } : { state: 'no-token' }));

  useEffect(() => {
    if (!session.registrationToken()) return;
    const controller = new AbortController();
    getRegistration(controller.signal).then(
      (outcome) => {
        if (controller.signal.aborted) return;
        if (outcome.ok) {
          setResult({ state: 'ok', email: outcome.data.email });
        } else if (outcome.error.status === 401) {
          session.setRegistrationToken(null);
          setResult({ state: 'no-token' });
        } else if (outcome.error.status === 409) {
          session.setRegistrationToken(null);
          const state: NavState = { notice: '你的账号已经完成注册，请直接登录。' };
          navigate('/login', { replace: true, state });
        } else {
          setResult({ state: 'error', error: outcome.error });
        }
      },
      () => {
        /* aborted */
      },
    );
    return () => controller.abort();
  }, [attempt, navigate]);

  switch (result.state) {
    case 'loading':
      return (
        <p role="status" className={formStyles.muted}>
          正在读取注册信息…
        </p>
      );
    case 'no-token':
      return (
        <>
          <FormAlert tone="error" title="无法继续注册" testId="registration-no-token">
            <p>请重新打开激活邮件中的链接或重新登录</p>
          </FormAlert>
          <div className={formStyles.actions}>
            <Link to="/login" className={buttonClass('primary')}>
              登录
            </Link>
          </div>
        </>
      );
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
          <FormAlert tone="success" title="账号已激活">
            <p>
              账号：<strong className={styles.email} data-testid="registration-email">{result.email}</strong>
            </p>
          </FormAlert>
          <p>账号已激活，下一步是实名注册（填写姓名和身份证号）和手机确认。该步骤即将开放。</p>
          <ol className={styles.steps} aria-label="注册步骤">
            <li data-state="done">
              <span className="visually-hidden">已完成：</span>注册邮箱并设置密码
            </li>
            <li data-state="done">
              <span className="visually-hidden">已完成：</span>激活账号
            </li>
            <li data-state="todo">实名注册：姓名和身份证号（即将开放）</li>
            <li data-state="todo">手机确认（即将开放）</li>
          </ol>
          <p className={formStyles.muted}>开放后，用这个邮箱和密码登录即可继续完成注册。</p>
        </>
      );
  }
}
