import { redirect, type LoaderFunctionArgs } from 'react-router';

import { safeNextPath } from '@/lib/session/next-path';

import { staffSession } from './staff-session';

/** The staff login, `/login?as=staff&next=<path>` (only `/staff…` paths come back). */
export function staffLoginPathFor(path: string): string {
  const next = staffNextPath(path);
  return next ? `/login?as=staff&next=${encodeURIComponent(next).replace(/%2F/g, '/')}` : '/login?as=staff';
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
