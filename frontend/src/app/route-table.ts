import type { LazyRouteFunction, RouteObject } from 'react-router';

/**
 * Every screen of the SPA, in one place. Add a feature's screen here: the router and the nav
 * are built from this table. Each route module is loaded on demand (its own chunk) and exports
 * `Component` (and, if it needs them, `ErrorBoundary`, …).
 */
export interface AppRoute {
  /** Absolute path; `*` is the catch-all. */
  path: string;
  /** Label in the site nav; routes without one are not listed there. */
  nav?: string;
  /**
   * Who sees the nav entry: everyone (default), visitors without a session (`guest`), or
   * logged-in students (`student`).
   */
  navFor?: 'everyone' | 'guest' | 'student';
  /** Needs a session: without one the router sends the visitor to `/login?next=<this path>`. */
  requiresSession?: boolean;
  lazy: LazyRouteFunction<RouteObject>;
}

export const appRoutes: AppRoute[] = [
  { path: '/', nav: '首页', lazy: () => import('./routes/home') },
  { path: '/degree-check', nav: '学历查询', lazy: () => import('./routes/degree-check') },
  { path: '/verify', nav: '在线验证', lazy: () => import('./routes/verify') },
  { path: '/verify/:code', lazy: () => import('./routes/verify') },
  { path: '/login', nav: '登录', navFor: 'guest', lazy: () => import('./routes/login') },
  { path: '/register', nav: '注册', navFor: 'guest', lazy: () => import('./routes/register') },
  { path: '/register/check-email', lazy: () => import('./routes/register-check-email') },
  { path: '/activate', lazy: () => import('./routes/activate') },
  { path: '/register/identity', lazy: () => import('./routes/register-identity') },
  { path: '/register/phone', lazy: () => import('./routes/register-phone') },
  { path: '/register/confirm', lazy: () => import('./routes/register-confirm') },
  { path: '/register/done', lazy: () => import('./routes/register-done') },
  { path: '/forgot-password', lazy: () => import('./routes/forgot-password') },
  { path: '/reset-password', lazy: () => import('./routes/reset-password') },
  { path: '/recover', lazy: () => import('./routes/recover') },
  { path: '/recover/email/confirm', lazy: () => import('./routes/recover-email-confirm') },
  { path: '/recover/phone', lazy: () => import('./routes/recover-phone') },
  { path: '/me', nav: '个人中心', navFor: 'student', requiresSession: true, lazy: () => import('./routes/me') },
  { path: '/me/password', requiresSession: true, lazy: () => import('./routes/me-password') },
  { path: '/me/close', requiresSession: true, lazy: () => import('./routes/me-close') },
  // The confirmation after 注销账号: the session has ended by then.
  { path: '/me/closed', lazy: () => import('./routes/me-closed') },
  { path: '/me/enrollments', requiresSession: true, lazy: () => import('./routes/me-enrollments') },
  { path: '/me/degrees', requiresSession: true, lazy: () => import('./routes/me-degrees') },
  { path: '/me/reports', requiresSession: true, lazy: () => import('./routes/me-reports') },
  { path: '/me/reports/:code/print', requiresSession: true, lazy: () => import('./routes/me-report-print') },
  // students' rights: the notice, consent to a new version, 我的数据
  { path: '/privacy', lazy: () => import('./routes/privacy') },
  { path: '/me/consent', requiresSession: true, lazy: () => import('./routes/me-consent') },
  { path: '/me/data', requiresSession: true, lazy: () => import('./routes/me-data') },
  // Staff screens: not in the nav (工作人员入口 in the footer); their own session (features/staff),
  // their modules redirect to /login?as=staff without it (/staff/login redirects there too) (a `loader` in the lazy module).
  { path: '/staff/login', lazy: () => import('./routes/staff-login') },
  { path: '/staff', lazy: () => import('./routes/staff') },
  { path: '/staff/imports', lazy: () => import('./routes/staff-imports') },
  // 登录设备: every staff role's own sessions
  { path: '/staff/sessions', lazy: () => import('./routes/staff-sessions') },
  // 账号安全: own password, 两步验证 (and the forced setup of a new account)
  { path: '/staff/security', lazy: () => import('./routes/staff-security') },
  // the one-time setup link of a new staff account (public)
  { path: '/staff/setup', lazy: () => import('./routes/staff-setup') },
  // support desk, audit log, staff accounts
  { path: '/staff/support', lazy: () => import('./routes/staff-support') },
  { path: '/staff/support/accounts/:id', lazy: () => import('./routes/staff-support-account') },
  { path: '/staff/audit', lazy: () => import('./routes/staff-audit') },
  { path: '/staff/accounts', lazy: () => import('./routes/staff-accounts') },
  // 在校生 and review (school admins, provincial reviewers)
  { path: '/staff/students', lazy: () => import('./routes/staff-students') },
  { path: '/staff/enrollments/:id', lazy: () => import('./routes/staff-enrollment') },
  { path: '/staff/change-requests', lazy: () => import('./routes/staff-change-requests') },
  { path: '/staff/change-requests/:id', lazy: () => import('./routes/staff-change-request') },
  // image collation (photo agency, school 图像校对)
  { path: '/staff/image-batches', lazy: () => import('./routes/staff-image-batches') },
  { path: '/staff/images', lazy: () => import('./routes/staff-images') },
  { path: '/staff/images/:id', lazy: () => import('./routes/staff-image') },
  { path: '/staff/collation-requests', lazy: () => import('./routes/staff-collation-requests') },
  { path: '*', lazy: () => import('./routes/not-found') },
];

/** Links in the nav to pages the backend serves itself (full page loads, not client routes). */
export const externalNavLinks: { label: string; href: string }[] = [{ label: '接口文档', href: '/docs' }];
