import type { StaffRole, StaffView } from './staff-session';

export const ROLE_LABELS: Record<StaffRole, string> = {
  platform_admin: '平台管理员',
  school_admin: '院校管理员',
  provincial_reviewer: '省级审核员',
  support: '客服',
  image_operator: '图像采集人员',
};

/** The role in Chinese, with its scope: "院校管理员（院校代码 10001）", "省级审核员（省份代码 11）". */
export function roleText(staff: Pick<StaffView, 'role' | 'school_code' | 'province_code'>): string {
  const label = ROLE_LABELS[staff.role] ?? staff.role;
  if (staff.role === 'school_admin' && staff.school_code) return `${label}（院校代码 ${staff.school_code}）`;
  if (staff.role === 'provincial_reviewer' && staff.province_code) return `${label}（省份代码 ${staff.province_code}）`;
  return label;
}
