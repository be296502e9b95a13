import { useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';

import type { UiError } from '@/api/client';
import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { safeNextPath } from '@/lib/session/next-path';

import { giveConsent } from '../api/give-consent';
import { CLOSE_ACCOUNT_LINK, PRIVACY_LINK } from '@/lib/privacy-links';
import { NOTICE_VERSION } from '../lib/notice-version';
import { NOTICE_CHANGES, NoticeVersion } from './privacy-notice';

/**
 * After the notice changed: what is new, the whole notice one link away, and 同意 (→ where the
 * student was going) or 注销账号. Nothing else works until the student agrees.
 */
export function ConsentForm() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  async function agree() {
    if (busy) return;
    setBusy(true);
    setError(null);
    const outcome = await giveConsent(NOTICE_VERSION);
    setBusy(false);
    if (outcome.ok) {
      navigate(safeNextPath(params.get('next')) ?? '/me', { replace: true });
      return;
    }
    setError(outcome.error);
    queueMicrotask(() => alertRef.current?.focus());
  }

  return (
    <div className={styles.form} data-testid="consent-form">
      <NoticeVersion />
      <h2>这次更新了什么</h2>
      <ul>
        {NOTICE_CHANGES.map((change) => (
          <li key={change}>{change}</li>
        ))}
      </ul>
      <p>
        <Link to={PRIVACY_LINK} target="_blank" rel="noopener">
          阅读完整的《个人信息保护说明》
        </Link>
        （在新窗口打开）
      </p>
      {error && <ProblemAlert ref={alertRef} error={error} />}
      <div className={styles.actions}>
        <Button onClick={() => void agree()} busy={busy}>
          {busy ? '正在提交…' : '我已阅读并同意'}
        </Button>
      </div>
      <p className={styles.muted}>
        不同意？你可以先 <Link to="/me/data">下载我的数据</Link>，再 <Link to={CLOSE_ACCOUNT_LINK}>注销账号</Link>。不同意就无法继续使用学信网账号的其他功能。
      </p>
    </div>
  );
}
