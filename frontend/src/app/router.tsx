import { useState } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RouterProvider } from 'react-router/dom';

import { RootErrorBoundary, RootLayout } from './layout/root-layout';
import { appRoutes, type AppRoute } from './route-table';

function toRouteObject({ path, lazy }: AppRoute): RouteObject {
  return path === '/' ? { index: true, lazy } : { path, lazy };
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
