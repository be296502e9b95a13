import { isRouteErrorResponse, useNavigation, useOutlet, useRouteError } from 'react-router';

import { DocumentTitle } from '@/components/document-title';
import { Button } from '@/components/ui/button';

import { AppShell } from './app-shell';
import styles from './app-shell.module.css';

/**
 * The layout around every screen. It is also the router's `HydrateFallback` while the first
 * screen's code loads (then there is no outlet yet): the same component in both roles keeps the
 * DOM, so the header does not flash and a keyboard focus taken meanwhile is not lost.
 */
export function RootLayout() {
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
