import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { Link, NavLink, useLocation, useNavigate } from 'react-router';

import { logout } from '@/features/accounts/api/logout';
import { staffLogout } from '@/lib/staff/staff-logout';
import { useStaff } from '@/lib/staff/staff-session';
import type { NavState } from '@/lib/nav-state';
import { useLoggedIn } from '@/lib/session';

import { appRoutes, externalNavLinks, type AppRoute } from '../route-table';
import styles from './app-shell.module.css';

const navRoutes = appRoutes.filter((route) => route.nav);
const forEveryone = navRoutes.filter((route) => (route.navFor ?? 'everyone') === 'everyone');

function NavItem({ route }: { route: AppRoute }) {
  return (
    <li>
      {/* 在线验证 stays marked on /verify/<code>; 首页 only on / itself. */}
      <NavLink to={route.path} end={route.path === '/'} className={styles.navLink}>
        {route.nav}
      </NavLink>
    </li>
  );
}

/** 退出 in the header: ends the session (a student's, or with `staff` a staff member's) and goes to
 * the login page with a notice. */
function LogoutButton({ staff = false, label = '退出' }: { staff?: boolean; label?: string }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={styles.navLink}
      aria-busy={busy || undefined}
      onClick={() => {
        if (busy) return;
        setBusy(true);
        void (staff ? staffLogout() : logout()).then(() => {
          setBusy(false);
          navigate(staff ? '/login?as=staff' : '/login', { state: { notice: '你已退出登录。' } satisfies NavState });
        });
      }}
    >
      {busy ? '正在退出…' : label}
    </button>
  );
}

/** Skip link, header with the site nav, main content, footer. */
export function AppShell({ children, busy = false }: { children: ReactNode; busy?: boolean }) {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const firstPath = useRef(pathname);
  const loggedIn = useLoggedIn();
  // A staff member (without a student session in this tab) gets 工作台 and 退出, not 登录/注册.
  const staffSession = useStaff() !== null;
  const staffOnly = staffSession && !loggedIn;
  // Both in one browser (a staff member who also logged in as a student): each can be ended.
  const both = staffSession && loggedIn;
  const forSession = staffOnly ? [] : navRoutes.filter((route) => route.navFor === (loggedIn ? 'student' : 'guest'));

  // After a client-side navigation, move focus to the new content (as a page load would reset it).
  useEffect(() => {
    if (pathname !== firstPath.current) {
      firstPath.current = '';
      mainRef.current?.focus({ preventScroll: true });
    }
  }, [pathname]);

  const skipToMain = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    mainRef.current?.focus();
    mainRef.current?.scrollIntoView();
  };

  return (
    <div className={styles.shell}>
      <a className={styles.skipLink} href="#main" onClick={skipToMain}>
        跳到主要内容
      </a>
      <header className={styles.header}>
        <div className={styles.headerInner}>
          <Link to="/" className={styles.brand}>
            <span className={styles.logo} aria-hidden="true">
              学
            </span>
            <span className={styles.brandText}>
              <span className={styles.siteName}>学信网 · Xuexin</span>
              <span className={styles.subtitle}>高等教育学生信息服务平台（开源实现）</span>
            </span>
          </Link>
          <nav className={styles.nav} aria-label="主导航">
            <ul className={styles.navList}>
              {forEveryone.map((route) => (
                <NavItem key={route.path} route={route} />
              ))}
              {externalNavLinks.map((link) => (
                <li key={link.href}>
                  <a href={link.href} className={styles.navLink}>
                    {link.label}
                  </a>
                </li>
              ))}
              {forSession.map((route) => (
                <NavItem key={route.path} route={route} />
              ))}
              {staffOnly && (
                <li>
                  <NavLink to="/staff" end className={styles.navLink}>
                    工作台
                  </NavLink>
                </li>
              )}
              {both ? (
                <>
                  <li>
                    <LogoutButton label="退出（学生）" />
                  </li>
                  <li>
                    <LogoutButton staff label="退出（工作人员）" />
                  </li>
                </>
              ) : (
                (loggedIn || staffOnly) && (
                  <li>
                    <LogoutButton staff={staffOnly} />
                  </li>
                )
              )}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className={styles.main} aria-busy={busy || undefined}>
        {children}
      </main>
      <footer className={styles.footer}>
        <div className={styles.footerInner}>
          <p>学信网 · Xuexin 是中国高等教育学生信息服务平台的开源实现，并非官方网站。</p>
          <p>
            <Link to="/login?as=staff" className={styles.footerLink}>
              工作人员入口
            </Link>
            {' · '}
            <Link to="/privacy" className={styles.footerLink}>
              个人信息保护说明
            </Link>
          </p>
        </div>
      </footer>
    </div>
  );
}
