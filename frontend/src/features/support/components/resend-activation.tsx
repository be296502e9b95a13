import { useRef, useState } from 'react';

import type { UiError } from '@/api/problem';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { staffErrorMessage } from '@/components/staff-role-gate';
import { useFocusOnShow } from '@/hooks/use-focus-on-show';

import { resendActivation } from '../api/resend-activation';
import type { AccountActionProps } from './account-actions';
import { SUPPORT_FORBIDDEN } from './support-search';

/** 重发激活邮件: for an account that has not finished registering (at most once a minute). */
export function ResendActivation({ account, onDone }: AccountActionProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useFocusOnShow(alertRef, error);

  async function send() {
    if (busy) return;
    setError(null);
    setBusy(true);
    const outcome = await resendActivation(account.id);
    setBusy(false);
    if (outcome.ok) {
      onDone(outcome.data, {
        tone: 'success',
        title: '激活邮件已重新发送。',
        body: <p>已发送到 {account.email}。请学生查收（也看看垃圾邮件），用邮件里的链接继续注册；链接 24 小时内有效。</p>,
      });
      return;
    }
    setError(outcome.error);
  }

  return (
    <Panel title="重发激活邮件" testId="resend-activation">
      <p>
        {account.status === 'pending_activation'
          ? '学生还没有激活账号：新的激活邮件里有一个链接，打开后继续注册。'
          : '学生已激活账号，但还没有完成实名注册和手机确认：新的激活邮件里的链接可以继续注册。'}
      </p>
      {error && <ProblemAlert ref={alertRef} error={error} message={staffErrorMessage(error, SUPPORT_FORBIDDEN)} />}
      <div className={formStyles.actions}>
        <Button variant="secondary" busy={busy} onClick={() => void send()}>
          {busy ? '正在发送…' : '重发激活邮件'}
        </Button>
      </div>
    </Panel>
  );
}
