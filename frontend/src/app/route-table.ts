import type { LazyRouteFunction, RouteObject } from 'react-router';

/**
 * Every screen of the SPA, in one place. Add a feature's screen here: the router and the nav
 * are built from this table. Each route module is loaded on demand (its own chunk) and exports
 * `Component` (and, if it needs them, `loader`, `ErrorBoundary`, …).
 */
export interface AppRoute {
  /** Absolute path; `*` is the catch-all. */
  path: string;
  /** Label in the site nav; routes without one are not listed there. */
  nav?: string;
  lazy: LazyRouteFunction<RouteObject>;
}

export const appRoutes: AppRoute[] = [
  { path: '/', nav: '首页', lazy: () => import('./routes/home') },
  { path: '*', lazy: () => import('./routes/not-found') },
];

/** Links in the nav to pages the backend serves itself (full page loads, not client routes). */
export const externalNavLinks: { label: string; href: string }[] = [{ label: '接口文档', href: '/docs' }];
