import { redirect, type LoaderFunctionArgs } from 'react-router';

import { safeNextPath } from '@/lib/session/next-path';

import { staffSession } from './staff-session';

/** `/staff/login?next=<path>` (only `/staff…` paths come back). */
export function staffLoginPathFor(path: string): string {
  const next = staffNextPath(path);
  return next ? `/staff/login?next=${encodeURIComponent(next).replace(/%2F/g, '/')}` : '/staff/login';
}

/** A `?next=` of the staff login: a local `/staff…` path other than the login itself. */
export function staffNextPath(next: string | null | undefined): string | null {
  const path = safeNextPath(next);
  if (!path || !(path === '/staff' || path.startsWith('/staff/') || path.startsWith('/staff?'))) return null;
  return path.startsWith('/staff/login') ? null : path;
}

/** Route loader of the staff screens: without a staff session, log in first and come back. */
export function requireStaff({ request }: LoaderFunctionArgs) {
  if (staffSession.isLoggedIn()) return null;
  const url = new URL(request.url);
  throw redirect(staffLoginPathFor(`${url.pathname}${url.search}`));
}
