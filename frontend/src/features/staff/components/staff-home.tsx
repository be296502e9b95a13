import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import formStyles from '@/components/form/form.module.css';
import { Button } from '@/components/ui/button';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Panel } from '@/components/ui/panel';
import { useApiQuery } from '@/hooks/use-api-query';
import type { NavState } from '@/lib/nav-state';

import { getStaffMe } from '../api/get-staff-me';
import { staffLogout } from '../api/staff-logout';
import { roleText } from '../lib/roles';
import { staffSession } from '../lib/staff-session';
import styles from './staff.module.css';

/** 退出: ends the staff session (this tab forgets it whatever the answer) → `/staff/login`. */
export function StaffLogoutButton() {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="secondary"
      busy={busy}
      onClick={() => {
        setBusy(true);
        void staffLogout().then(() => navigate('/staff/login', { replace: true, state: { notice: '你已退出登录。' } satisfies NavState }));
      }}
    >
      {busy ? '正在退出…' : '退出'}
    </Button>
  );
}

/** 工作台: who is logged in (as the server has it now), 退出, and the tools of the role. */
export function StaffHome() {
  const { result, retry } = useApiQuery(getStaffMe);
  const staff = result.state === 'ok' ? result.data : null;
  useEffect(() => {
    if (staff) staffSession.setStaff(staff);
  }, [staff]);

  return (
    <>
      <Panel title="当前登录" testId="staff-account">
        {result.state === 'loading' && <Loading>正在读取账号信息…</Loading>}
        {result.state === 'error' && <LoadError error={result.error} onRetry={retry} />}
        {staff && (
          <dl className={styles.facts}>
            <dt>电子邮箱</dt>
            <dd data-testid="staff-email">{staff.email}</dd>
            <dt>角色</dt>
            <dd data-testid="staff-role">{roleText(staff)}</dd>
          </dl>
        )}
        <div className={formStyles.actions}>
          <StaffLogoutButton />
        </div>
      </Panel>
      {staff && (
        <Panel title="工作">
          {staff.role === 'platform_admin' ? (
            <ul className={styles.tools}>
              <li>
                <Link to="/staff/imports">数据导入</Link>
                <span className={formStyles.muted}>从 CSV 文件导入学校、学籍和学历数据。</span>
              </li>
            </ul>
          ) : (
            <p className={formStyles.muted}>你的角色在这里还没有可用的功能。</p>
          )}
        </Panel>
      )}
    </>
  );
}
