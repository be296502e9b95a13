import { lazy, Suspense } from 'react';
import { Link, useSearchParams } from 'react-router';

import formStyles from '@/components/form/form.module.css';
import { FormPage } from '@/components/ui/form-page';
import { Loading } from '@/components/ui/load-states';
import { Tabs } from '@/components/ui/tabs';
import { LoginForm } from '@/features/accounts/components/login-form';

// The staff form (and the staff session with it) is fetched only when 工作人员登录 is chosen, so
// the students' login page stays small and free of staff code.
const StaffLoginForm = lazy(() => import('@/features/staff/components/staff-login-form').then((module) => ({ default: module.StaffLoginForm })));

type Who = 'student' | 'staff';

const TABS: { value: Who; label: string }[] = [
  { value: 'student', label: '学生登录' },
  { value: 'staff', label: '工作人员登录' },
];

/** A `?next=` that suits the chosen form: staff screens for staff, anything else for students. */
function nextFor(who: Who, next: string | null): string | null {
  if (!next) return null;
  const staffPath = next === '/staff' || next.startsWith('/staff/') || next.startsWith('/staff?');
  return staffPath === (who === 'staff') ? next : null;
}

/**
 * 登录: one page for everyone, 学生登录 or 工作人员登录 (`?as=staff`) chosen on top. Students log
 * in to their account (→ 个人中心); staff with their work account (→ 工作台, each role its console).
 */
export function Component() {
  const [params, setParams] = useSearchParams();
  const who: Who = params.get('as') === 'staff' ? 'staff' : 'student';

  function choose(next: Who) {
    if (next === who) return;
    const search = new URLSearchParams();
    if (next === 'staff') search.set('as', 'staff');
    const keep = nextFor(next, params.get('next'));
    if (keep) search.set('next', keep);
    setParams(search, { replace: true, preventScrollReset: true });
  }

  return (
    <FormPage
      title={who === 'staff' ? '工作人员登录' : '登录'}
      lead={
        who === 'staff' ? (
          <p>院校、教育部门和学信网的工作人员用工作账号登录，进入自己的工作台。</p>
        ) : (
          <p>用注册时填写的电子邮箱和密码登录学信网账号。</p>
        )
      }
      aside={
        who === 'student' && (
          <ul className={formStyles.links}>
            <li>
              <Link to="/register">注册账号</Link>
            </li>
            <li>
              <Link to="/forgot-password">忘记密码</Link>
            </li>
            <li>
              <Link to="/recover">邮箱或手机号不能用了？</Link>
            </li>
            <li>
              <Link to="/privacy">个人信息保护说明</Link>
            </li>
          </ul>
        )
      }
      testId="login-page"
    >
      <Tabs label="选择登录身份" tabs={TABS} value={who} onChange={choose} testId="login-tabs">
        {who === 'staff' ? (
          <Suspense fallback={<Loading>正在加载工作人员登录…</Loading>}>
            <StaffLoginForm />
          </Suspense>
        ) : (
          <LoginForm />
        )}
      </Tabs>
    </FormPage>
  );
}
