import { useEffect } from 'react';
import { Link } from 'react-router';

import formStyles from '@/components/form/form.module.css';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Panel } from '@/components/ui/panel';
import { useApiQuery } from '@/hooks/use-api-query';

import { getStaffMe } from '@/lib/staff/get-staff-me';
import { roleText } from '@/lib/staff/roles';
import { type StaffRole, staffSession } from '@/lib/staff/staff-session';
import factStyles from '@/components/ui/compact-facts.module.css';
import styles from './staff.module.css';

/** A module of a role's console: where it is and what it is for. */
export interface StaffTool {
  to: string;
  label: string;
  about: string;
}

/** Each role's console on 工作台: links to the modules it may use (and only those). */
export const STAFF_TOOLS: Record<StaffRole, readonly StaffTool[]> = {
  school_admin: [
    { to: '/staff/students', label: '在校生查询', about: '查找本校学生的学籍记录，核对姓名和身份证号，提出更正。' },
    { to: '/staff/change-requests', label: '更正申请', about: '本校提交的学籍更正申请及其审核结果。' },
    { to: '/staff/images', label: '图像校对', about: '查找本校学生的采集照片，更正采集信息，删除重复照片，注销重复学籍。' },
    { to: '/staff/collation-requests', label: '照片校对申请', about: '本校学生对学籍照片的反馈：认领照片、找不到照片、照片不是本人。' },
  ],
  provincial_reviewer: [
    { to: '/staff/change-requests?status=pending', label: '待审核更正', about: '本省院校提交、等待审核的学籍更正申请。' },
  ],
  support: [{ to: '/staff/support', label: '客服工作台', about: '查找学生账号，更正姓名和身份证号，解除锁定，重发激活邮件。' }],
  platform_admin: [
    { to: '/staff/imports', label: '数据导入', about: '从 CSV 文件导入学校、学籍和学历数据。' },
    { to: '/staff/accounts', label: '工作人员账号', about: '新建、停用和启用工作人员账号。' },
    { to: '/staff/audit', label: '审计日志', about: '所有更改的记录：谁、何时、改了什么、为什么。' },
  ],
  image_operator: [
    { to: '/staff/image-batches', label: '照片批量上传', about: '上传一批采集照片（ZIP 压缩包和清单），查看每批的检查结果。' },
  ],
};

/** 工作: the modules of the role, as links; a role without any says so. */
export function StaffTools({ role }: { role: StaffRole }) {
  const tools = STAFF_TOOLS[role] ?? [];
  return (
    <Panel title="工作" testId="staff-tools">
      {tools.length > 0 ? (
        <ul className={styles.tools}>
          {tools.map((tool) => (
            <li key={tool.to}>
              <Link to={tool.to}>{tool.label}</Link>
              <span className={formStyles.muted}>{tool.about}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className={formStyles.muted}>你的角色在这里还没有可用的功能。</p>
      )}
    </Panel>
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
          <dl className={factStyles.facts}>
            <dt>电子邮箱</dt>
            <dd data-testid="staff-email">{staff.email}</dd>
            <dt>角色</dt>
            <dd data-testid="staff-role">{roleText(staff)}</dd>
          </dl>
        )}
        {staff && (
          <p>
            <Link to="/staff/sessions">登录设备</Link>
            <span className={formStyles.muted}>：查看这个账号在哪些设备上登录，让其他设备退出。</span>
          </p>
        )}
      </Panel>
      {staff && <StaffTools role={staff.role} />}
    </>
  );
}
