import type { BadgeTone } from '@/components/ui/badge';
import { isInFuture } from '@/lib/datetime';

import type { AccountStatus, SupportAccount } from '../api/types';

/** The account statuses in Chinese, as support says them to a student. */
export const ACCOUNT_STATUS: Record<AccountStatus, { label: string; tone: BadgeTone; about: string }> = {
  pending_activation: { label: '待激活', tone: 'warn', about: '还没有打开激活邮件中的链接。' },
  activated: { label: '待实名', tone: 'info', about: '已激活，还没有完成实名注册和手机确认。' },
  active: { label: '正常', tone: 'ok', about: '已完成注册。' },
  disabled: { label: '已停用', tone: 'neutral', about: '账号已停用，不能登录。' },
  closed: { label: '已注销', tone: 'neutral', about: '学生本人注销了账号：邮箱和手机号已释放，个人信息在宽限期后删除。' },
};

export function statusLabel(status: AccountStatus): string {
  return ACCOUNT_STATUS[status]?.label ?? status;
}

/** An activation email helps only an account that has not finished registering. */
export function canResendActivation(account: Pick<SupportAccount, 'status'>): boolean {
  return account.status === 'pending_activation' || account.status === 'activated';
}

/** Logins are locked (wrong passwords) until a time still ahead. */
export function isLocked(account: Pick<SupportAccount, 'locked_until'>, now: number = Date.now()): boolean {
  return isInFuture(account.locked_until, now);
}
