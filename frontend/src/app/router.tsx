import { useState } from 'react';
import { createBrowserRouter, redirect, type LoaderFunctionArgs, type RouteObject } from 'react-router';
import { RouterProvider } from 'react-router/dom';

import { session } from '@/lib/session';
import { loginPathFor } from '@/lib/session/next-path';

import { RootErrorBoundary, RootLayout } from './layout/root-layout';
import { appRoutes, type AppRoute } from './route-table';

/** What the layout needs to know about the current route (via `useMatches()`). */
export interface RouteHandle {
  requiresSession?: boolean;
}

/** Without a session, a protected screen is not shown: log in first, then come back. */
function requireSession({ request }: LoaderFunctionArgs) {
  if (session.isLoggedIn()) return null;
  const url = new URL(request.url);
  throw redirect(loginPathFor(`${url.pathname}${url.search}`));
}

function toRouteObject({ path, lazy, requiresSession }: AppRoute): RouteObject {
  const extra = requiresSession ? { loader: requireSession, handle: { requiresSession: true } satisfies RouteHandle } : {};
  return path === '/' ? { index: true, lazy, ...extra } : { path, lazy, ...extra };
}

/** The route tree: the shared layout around every screen of `route-table.ts`. */
export const routes: RouteObject[] = [
  {
    path: '/',
    Component: RootLayout,
    HydrateFallback: RootLayout,
    ErrorBoundary: RootErrorBoundary,
    children: appRoutes.map(toRouteObject),
  },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
