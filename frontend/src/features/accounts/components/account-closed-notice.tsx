import { Link } from 'react-router';

import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { buttonClass } from '@/components/ui/button';

function formatDay(iso: string): string | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date.toLocaleDateString('zh-CN', { year: 'numeric', month: 'long', day: 'numeric' });
}

/** The confirmation after 注销账号: what ended, when the details go, what stays. */
export function AccountClosedNotice({ erasedAfter }: { erasedAfter: string | null }) {
  const day = erasedAfter ? formatDay(erasedAfter) : null;
  return (
    <div className={formStyles.form}>
      <FormAlert tone="success" title="你的账号已注销" testId="account-closed">
        <p>所有设备上的登录都已退出，你的在线验证报告已全部失效。</p>
        <p data-testid="erased-after">
          {day ? `${day}之后，你的姓名、身份证号、手机号、邮箱和密码将被永久删除。` : '30 天后，你的姓名、身份证号、手机号、邮箱和密码将被永久删除。'}
        </p>
        <p>你的学籍和学历记录由学校保存，没有被删除。你的邮箱和手机号现在就可以用来注册新账号。</p>
      </FormAlert>
      <div className={formStyles.actions}>
        <Link to="/" className={buttonClass('secondary')}>
          返回首页
        </Link>
        <Link to="/register" className={buttonClass('secondary')}>
          注册新账号
        </Link>
      </div>
    </div>
  );
}
