import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import styles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import { session } from '@/lib/session';
import { useSubmit } from '@/hooks/use-submit';
import { DoneLogInAgain, IncompleteMailLink } from '@/components/mail-link';

import { confirmEmailRecovery } from '../api/confirm-email-recovery';

/**
 * 确认新邮箱: the link from the new mailbox. The change waits for the button, so a mail scanner
 * that opens links does not make it.
 */
export function ConfirmNewEmail() {
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() ?? '';
  const [email, setEmail] = useState<string | null>(null);
  const { busy, error, alertRef, run } = useSubmit();
  const confirm = () =>
    run({
      send: () => confirmEmailRecovery(token),
      onOk: (data) => {
        // Every session of the account ended, this browser's too.
        session.clear('logout');
        setEmail(data.email);
      },
    });

  if (token === '') {
    return <IncompleteMailLink />;
  }
  if (email) {
    return (
      <DoneLogInAgain title="登录邮箱已更改" testId="email-recovered">
        <p>
          现在用 <strong>{email}</strong> 和原来的密码登录。所有设备都已退出登录。
        </p>
        <p>忘记了密码？可以用新邮箱找回密码。</p>
      </DoneLogInAgain>
    );
  }
  return (
    <div className={styles.form}>
      {error && (
        <ProblemAlert error={error.problem} ref={alertRef}>
          <p>
            <Link to="/recover">重新找回账号</Link>
          </p>
        </ProblemAlert>
      )}
      <p>点击下面的按钮，把这个邮箱设为学信网账号的登录邮箱。</p>
      <div className={styles.actions}>
        <Button busy={busy} onClick={() => void confirm()} data-testid="confirm-new-email">
          {busy ? '正在确认…' : '确认更改登录邮箱'}
        </Button>
      </div>
    </div>
  );
}
