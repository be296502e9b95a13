import { ROLE_LABELS } from '@/lib/staff/roles';

/** The audit log's actions in Chinese (the code is shown too: it is what the filter takes). */
export const ACTION_LABELS: Record<string, string> = {
  'account.created': '注册账号',
  'account.activated': '激活账号',
  'account.activation_resent': '重发激活邮件',
  'account.registration_completed': '完成注册',
  'account.login_failed': '登录失败',
  'account.locked': '登录锁定',
  'account.unlocked': '解除锁定',
  'account.password_changed': '修改密码',
  'account.password_reset': '重置密码',
  'account.identity_corrected': '更正身份信息',
  'account.identity_detached': '解除身份绑定',
  'session.revoked_on_token_reuse': '令牌被重复使用，结束会话',
  'records.imported': '导入数据',
  'enrollment.revoked': '注销学籍',
  'enrollment.qualification_confirmed': '学籍资格清查：确认',
  'enrollment.qualification_rejected': '学籍资格清查：不通过',
  'change_request.created': '提交更正申请',
  'change_request.approved': '批准更正申请',
  'change_request.rejected': '驳回更正申请',
  'change_request.withdrawn': '撤回更正申请',
  'change_request.stale': '更正申请失效',
  'staff.created': '创建工作人员账号',
  'staff.disabled': '停用工作人员账号',
  'staff.enabled': '启用工作人员账号',
};

/** Prefixes the action filter takes (all actions of one kind of object). */
export const ACTION_PREFIXES: Record<string, string> = {
  'account.': '学生账号的全部操作',
  'change_request.': '更正申请的全部操作',
  'enrollment.': '学籍的全部操作',
  'staff.': '工作人员账号的全部操作',
};

export const TARGET_TYPE_LABELS: Record<string, string> = {
  account: '学生账号',
  enrollment: '学籍',
  change_request: '更正申请',
  staff: '工作人员',
  import: '数据导入',
};

const ACTOR_ROLE_LABELS: Record<string, string> = { ...ROLE_LABELS, student: '学生', anonymous: '匿名访客', system: '系统' };

export const actionLabel = (action: string): string | undefined => ACTION_LABELS[action];
export const targetTypeLabel = (type: string): string => TARGET_TYPE_LABELS[type] ?? type;
export const actorRoleLabel = (role: string): string => ACTOR_ROLE_LABELS[role] ?? role;
