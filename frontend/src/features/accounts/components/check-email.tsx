import { useLocation, useSearchParams } from 'react-router';

import styles from '@/components/form/form.module.css';
import { readNavState } from '@/lib/nav-state';
import { isValidEmail, normalizeEmail } from '@/lib/rules';

import { ResendActivation } from './resend-activation';

/** 请查收激活邮件: where the mail went, what to do, and 重新发送 (with its countdown). */
export function CheckEmail() {
  const [params] = useSearchParams();
  const raw = params.get('email') ?? '';
  const email = isValidEmail(raw) ? normalizeEmail(raw) : null;
  const { resendAvailableAt } = readNavState(useLocation().state);

  return (
    <>
      {email ? (
        <p>
          我们已向 <strong className={styles.address} data-testid="check-email-address">{email}</strong> 发送了一封激活邮件。请打开邮件，点击其中的链接激活账号。
        </p>
      ) : (
        <p>我们已向你注册时填写的邮箱发送了一封激活邮件。请打开邮件，点击其中的链接激活账号。</p>
      )}
      <ul className={styles.tips}>
        <li>激活链接 24 小时内有效，过期后可以重新发送。</li>
        <li>几分钟后还没有收到？请看看垃圾邮件（广告邮件）文件夹。</li>
        <li>仍然找不到，或者邮箱填错了字母？可以重新发送，或重新注册。</li>
      </ul>
      {email ? (
        <ResendActivation email={email} availableAt={resendAvailableAt ?? null} label="重新发送" />
      ) : (
        <ResendActivation availableAt={resendAvailableAt ?? null} label="重新发送" />
      )}
    </>
  );
}
