import { useRef, useState } from 'react';
import { Link } from 'react-router';

import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Panel } from '@/components/ui/panel';
import factStyles from '@/components/ui/compact-facts.module.css';
import { StaffForbidden } from '@/components/staff-role-gate';
import { useApiQuery } from '@/hooks/use-api-query';
import { useFocusOnShow } from '@/hooks/use-focus-on-show';
import { formatLocalDateTime } from '@/lib/datetime';

import { getAccount } from '../api/get-account';
import type { SupportAccount } from '../api/types';
import { ACCOUNT_STATUS, canResendActivation, isLocked } from '../lib/account-status';
import type { ActionNotice } from './account-actions';
import { CorrectIdentityForm } from './correct-identity-form';
import { DetachIdentity } from './detach-identity';
import { RecordRecovery } from './record-recovery';
import { ResendActivation } from './resend-activation';
import styles from './support.module.css';
import { AccountBadges, RecordsBadge, SUPPORT_FORBIDDEN } from './support-search';
import { UnlockAccount } from './unlock-account';

function orMissing(value: string | null | undefined, missing: string) {
  return value ? value : <span className={formStyles.muted}>{missing}</span>;
}

/** The account's details, as support may see them (in full). */
export function AccountFacts({ account }: { account: SupportAccount }) {
  const locked = isLocked(account);
  return (
    <Panel title="账号信息" testId="support-account-facts">
      <dl className={factStyles.facts}>
        <dt>电子邮箱</dt>
        <dd data-testid="account-email">{account.email}</dd>
        <dt>状态</dt>
        <dd>
          <AccountBadges account={account} />
          <span className={formStyles.muted}> {ACCOUNT_STATUS[account.status]?.about}</span>
        </dd>
        <dt>姓名</dt>
        <dd data-testid="account-name">{orMissing(account.name, '未填写')}</dd>
        <dt>身份证号</dt>
        <dd data-testid="account-id-number">{orMissing(account.id_number, '未填写')}</dd>
        <dt>学籍学历记录</dt>
        <dd data-testid="account-records">
          <RecordsBadge account={account} />{' '}
          {account.id_number && (
            <span className={formStyles.muted}>
              {account.records_found ? '有记录与这个姓名和身份证号一致。' : '没有记录与这个姓名和身份证号一致。'}
            </span>
          )}
        </dd>
        <dt>手机号</dt>
        <dd>{orMissing(account.phone, '未确认')}</dd>
        <dt>注册时间</dt>
        <dd>{formatLocalDateTime(account.created_at, { seconds: false })}</dd>
        <dt>完成注册</dt>
        <dd>{account.completed_at ? formatLocalDateTime(account.completed_at, { seconds: false }) : orMissing(null, '未完成')}</dd>
        <dt>登录锁定</dt>
        <dd data-testid="account-lock">
          {locked && account.locked_until ? `已锁定，至 ${formatLocalDateTime(account.locked_until, { seconds: false })}` : '未锁定'}
        </dd>
      </dl>
    </Panel>
  );
}

/**
 * One student account for support: its details, and what support may do with it — correct the
 * name and ID number, detach them (an ID number held by the wrong account), lift a lockout,
 * send the activation email again. Each success shows a notice above the refreshed account.
 */
export function SupportAccountDetails({ id }: { id: string }) {
  const { result, retry, update } = useApiQuery((signal) => getAccount(id, signal), id);
  const [notice, setNotice] = useState<ActionNotice | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  useFocusOnShow(noticeRef, notice);

  if (result.state === 'loading') return <Loading>正在读取账号…</Loading>;
  if (result.state === 'error') {
    if (result.error.status === 403) return <StaffForbidden message={SUPPORT_FORBIDDEN} />;
    if (result.error.status === 404) {
      return (
        <FormAlert tone="warning" title="没有找到这个账号。" testId="support-account-missing">
          <p>
            它可能不存在，或链接不完整。<Link to="/staff/support">回到客服工作台重新查找</Link>
          </p>
        </FormAlert>
      );
    }
    return <LoadError error={result.error} onRetry={retry} />;
  }

  const account = result.data;
  function done(next: SupportAccount, message: ActionNotice) {
    update(() => next);
    setNotice(message);
  }

  return (
    <>
      {notice && (
        <FormAlert tone={notice.tone} title={notice.title} ref={noticeRef} testId="support-notice">
          {notice.body}
        </FormAlert>
      )}
      <AccountFacts account={account} />
      <div className={styles.actionsGrid}>
        {/* Keyed by the identity: after a detach or a correction the inputs start from the account as it is now. */}
        <CorrectIdentityForm key={`${account.name}|${account.id_number}`} account={account} onDone={done} />
        <div className={styles.stack}>
          {isLocked(account) && <UnlockAccount account={account} onDone={done} />}
          {canResendActivation(account) && <ResendActivation account={account} onDone={done} />}
          {account.id_number && <DetachIdentity account={account} onDone={done} />}
          {account.status !== 'disabled' && <RecordRecovery account={account} onDone={done} />}
        </div>
      </div>
    </>
  );
}
