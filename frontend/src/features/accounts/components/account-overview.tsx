import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import type { UiError } from '@/api/client';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button, buttonClass } from '@/components/ui/button';
import { CONSENT_LINK } from '@/lib/privacy-links';
import { formatLocalDateTime } from '@/lib/datetime';
import type { NavState } from '@/lib/nav-state';
import { session } from '@/lib/session';

import { useMe, type Me } from '../api/get-me';
import { logout, logoutEverywhere } from '../api/logout';
import styles from './account-overview.module.css';

const STATUS_TEXT: Record<Me['status'], string> = {
  active: '正常',
  activated: '已激活，尚未完成实名注册',
  pending_activation: '尚未激活',
  disabled: '已停用',
  closed: '已注销',
};

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('zh-CN', { year: 'numeric', month: 'long', day: 'numeric' });
}

/** 本次登录: until when this login lasts at the latest, and whether it ends with the browser. */
function SessionEnd() {
  const endsAt = session.sessionEndsAt();
  if (!endsAt) return null;
  const until = formatLocalDateTime(endsAt, { seconds: false });
  return (
    <div>
      <dt>本次登录</dt>
      <dd data-testid="me-session-end">
        {session.remembered()
          ? `已记住此设备，最迟 ${until} 自动退出（长时间不使用也会退出）`
          : `最迟 ${until} 自动退出；关闭浏览器或一段时间不使用也会退出`}
      </dd>
    </div>
  );
}

/** 个人中心: the account (`GET /api/v1/me`) and what to do with it. */
export function AccountOverview() {
  const { result, retry } = useMe();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<'one' | 'all' | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const confirmRef = useRef<HTMLDivElement>(null);
  const logoutAllRef = useRef<HTMLButtonElement>(null);

  async function end(everywhere: boolean) {
    setBusy(everywhere ? 'all' : 'one');
    setError(null);
    if (everywhere) {
      const outcome = await logoutEverywhere();
      if (!outcome.ok) {
        setBusy(null);
        setError(outcome.error);
        return;
      }
    } else {
      await logout();
    }
    const state: NavState = { notice: everywhere ? '你已在所有设备上退出登录。' : '你已退出登录。' };
    navigate('/login', { replace: true, state });
  }

  return (
    <>
      {result.state === 'loading' && (
        <p role="status" className={styles.loading}>
          正在读取账号信息…
        </p>
      )}
      {result.state === 'error' && (
        <>
          <ProblemAlert error={result.error} />
          <div className={formStyles.actions}>
            <Button variant="secondary" onClick={retry}>
              重试
            </Button>
          </div>
        </>
      )}
      {result.state === 'ok' && result.me.consent_required && (
        <FormAlert tone="warning" testId="me-consent-required">
          <p>
            《个人信息保护说明》已更新。请先 <Link to={CONSENT_LINK}>阅读并同意新版说明</Link>，才能继续使用其他功能。
          </p>
        </FormAlert>
      )}
      {result.state === 'ok' && (
        <dl className={styles.facts}>
          <div>
            <dt>电子邮箱</dt>
            <dd data-testid="me-email" className={styles.email}>
              {result.me.email}
            </dd>
          </div>
          <div>
            <dt>账号状态</dt>
            <dd data-testid="me-status">{STATUS_TEXT[result.me.status] ?? result.me.status}</dd>
          </div>
          <div>
            <dt>注册时间</dt>
            <dd>{formatDate(result.me.created_at)}</dd>
          </div>
          <SessionEnd />
        </dl>
      )}

      <section className={styles.actions} aria-labelledby="account-actions">
        <h2 id="account-actions" className={formStyles.subheading}>
          账号与安全
        </h2>
        {error && <ProblemAlert error={error} />}
        <div className={formStyles.actions}>
          <Link to="/me/password" className={buttonClass('secondary')}>
            修改密码
          </Link>
          <Link to="/me/close" className={buttonClass('secondary')}>
            注销账号
          </Link>
          <Button variant="secondary" busy={busy === 'one'} onClick={() => void end(false)}>
            {busy === 'one' ? '正在退出…' : '退出登录'}
          </Button>
          {!confirming && (
            <Button
              ref={logoutAllRef}
              variant="danger"
              onClick={() => {
                setConfirming(true);
                queueMicrotask(() => confirmRef.current?.focus());
              }}
            >
              退出所有设备
            </Button>
          )}
        </div>
        {confirming && (
          <FormAlert tone="info" ref={confirmRef} title="退出所有设备？" testId="confirm-logout-all">
            <p>你在手机、电脑等所有设备上的登录（包括这台设备）都会退出，需要重新登录。如果怀疑密码泄露，请在退出后修改密码。</p>
            <div className={`${formStyles.actions} ${styles.confirmActions}`}>
              <Button variant="danger" busy={busy === 'all'} onClick={() => void end(true)}>
                {busy === 'all' ? '正在退出…' : '确定退出所有设备'}
              </Button>
              <Button
                variant="secondary"
                onClick={() => {
                  setConfirming(false);
                  setTimeout(() => logoutAllRef.current?.focus());
                }}
              >
                取消
              </Button>
            </div>
          </FormAlert>
        )}
      </section>
    </>
  );
}
