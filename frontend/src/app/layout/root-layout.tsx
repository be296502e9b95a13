import { useEffect, useRef } from 'react';
import { isRouteErrorResponse, useLocation, useMatches, useNavigate, useNavigation, useOutlet, useRouteError } from 'react-router';

import { DocumentTitle } from '@/components/document-title';
import { Button } from '@/components/ui/button';
import type { NavState } from '@/lib/nav-state';
import { session } from '@/lib/session';
import { loginPathFor } from '@/lib/session/next-path';

import type { RouteHandle } from '../router';

import { AppShell } from './app-shell';
import styles from './app-shell.module.css';

/**
 * The layout around every screen. It is also the router's `HydrateFallback` while the first
 * screen's code loads (then there is no outlet yet): the same component in both roles keeps the
 * DOM, so the header does not flash and a keyboard focus taken meanwhile is not lost.
 */
/**
 * When the session ends by itself — the server refused to renew it, or another tab logged out
 * while a protected screen is open — go to the login page (and come back here afterwards).
 */
function useSessionEndRedirect() {
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const protectedScreen = useMatches().some((match) => (match.handle as RouteHandle | undefined)?.requiresSession);
  const here = useRef({ path: pathname + search, protectedScreen });
  useEffect(() => {
    here.current = { path: pathname + search, protectedScreen };
  });

  useEffect(
    () =>
      session.onEnd((reason) => {
        const { path, protectedScreen } = here.current;
        // Another tab logged in: what this screen shows may be another student's; load it afresh.
        if (reason === 'switched') {
          if (protectedScreen) window.location.replace(path);
          return;
        }
        if (reason === 'logout' || path.startsWith('/login')) return;
        if (reason === 'elsewhere' && !protectedScreen) return;
        const state: NavState = { notice: reason === 'expired' ? '登录已过期，请重新登录。' : '你已在其他窗口退出登录，请重新登录。' };
        navigate(loginPathFor(path), { replace: true, state });
      }),
    [navigate],
  );
}

export function RootLayout() {
  useSessionEndRedirect();
  const navigation = useNavigation();
  const outlet = useOutlet();
  return (
    <AppShell busy={outlet === null || navigation.state === 'loading'}>
      {outlet ?? <p className={styles.loading}>正在加载…</p>}
    </AppShell>
  );
}

/** Anything a screen throws, including a chunk that fails to load after a new release. */
export function RootErrorBoundary() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : undefined;
  if (import.meta.env.DEV) console.error(error);
  return (
    <AppShell>
      <DocumentTitle title="出错了" />
      <h1>页面加载失败</h1>
      <p>可能是网络不稳定，或网站刚刚更新。请刷新页面后重试。{detail && `（${detail}）`}</p>
      <Button onClick={() => window.location.reload()}>刷新页面</Button>
    </AppShell>
  );
}
