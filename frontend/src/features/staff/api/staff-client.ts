import createClient, { type Middleware } from 'openapi-fetch';

import type { paths } from '@/api/schema';

import { staffSession, type StaffSessionStore } from '../lib/staff-session';

/** The operations of the `staff` security scheme: staff sessions and imports. */
export function isStaffPath(schemaPath: string): boolean {
  return schemaPath.startsWith('/api/v1/staff/') || schemaPath.startsWith('/api/v1/imports/');
}

const LOGIN = '/api/v1/staff/sessions';
const LOGOUT = '/api/v1/staff/sessions/current';

/**
 * Adds the staff token (`Authorization: Bearer …`) to `/api/v1/staff/*` and `/api/v1/imports/*`
 * (not to the login itself) and nothing else. A 401 on such a call ends the staff session (there
 * is no renewal), which sends the staff screens back to `/staff/login`.
 */
export function createStaffAuthMiddleware(store: StaffSessionStore): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      if (!isStaffPath(schemaPath) || schemaPath === LOGIN) return undefined;
      const token = store.token();
      if (!token) return undefined;
      const headers = new Headers(request.headers);
      headers.set('Authorization', `Bearer ${token}`);
      return new Request(request, { headers });
    },
    onResponse({ response, schemaPath }) {
      // 退出 forgets the session itself, whatever the answer.
      if (response.status === 401 && isStaffPath(schemaPath) && schemaPath !== LOGIN && schemaPath !== LOGOUT) {
        store.clear('expired');
      }
      return undefined;
    },
  };
}

/**
 * The typed client of the staff screens: the same `schema.d.ts` as the student client, but its
 * own instance without the student's token middleware, so a student token never goes to a
 * staff operation and this code stays in the staff route chunks.
 */
export const staffApi = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  fetch: (request) => globalThis.fetch(request),
});

staffApi.use(createStaffAuthMiddleware(staffSession));
