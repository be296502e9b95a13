import createClient, { type Middleware } from 'openapi-fetch';

import type { paths } from '@/api/schema';

import { staffSession, type StaffSessionStore } from '@/lib/staff/staff-session';

/**
 * Where the operations of the `staff` security scheme live: staff sessions and accounts, imports,
 * the schools' students and enrollments, change requests, the support desk, the audit log, and
 * image collation (photo batches, collection records, students' photo reports).
 * `staff-session.test.ts` checks this against openapi.yaml.
 */
export const STAFF_PATH_PREFIXES: readonly string[] = [
  '/api/v1/staff/',
  '/api/v1/imports/',
  '/api/v1/schools/',
  '/api/v1/enrollments/',
  '/api/v1/change-requests',
  '/api/v1/support/',
  '/api/v1/audit-events',
  '/api/v1/image-batches',
  '/api/v1/image-records',
  '/api/v1/collation-requests',
];

/** An operation of the `staff` security scheme (its schema path, e.g. `/api/v1/support/accounts/{id}`). */
export function isStaffPath(schemaPath: string): boolean {
  return STAFF_PATH_PREFIXES.some((prefix) => schemaPath.startsWith(prefix));
}

const LOGIN = '/api/v1/staff/sessions';
const LOGOUT = '/api/v1/staff/sessions/current';

/** The login is `POST` on the path whose `GET` lists the caller's sessions (登录设备). */
const isLogin = (schemaPath: string, request: Request) => schemaPath === LOGIN && request.method === 'POST';

/**
 * Adds the staff token (`Authorization: Bearer …`) to the staff operations (`isStaffPath`; not to
 * the login itself) and nothing else. A 401 on such a call ends the staff session (there
 * is no renewal), which sends the staff screens back to the staff tab of `/login`.
 */
export function createStaffAuthMiddleware(store: StaffSessionStore): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      if (!isStaffPath(schemaPath) || isLogin(schemaPath, request)) return undefined;
      const token = store.token();
      if (!token) return undefined;
      const headers = new Headers(request.headers);
      headers.set('Authorization', `Bearer ${token}`);
      return new Request(request, { headers });
    },
    onResponse({ request, response, schemaPath }) {
      // 退出 forgets the session itself, whatever the answer.
      if (response.status === 401 && isStaffPath(schemaPath) && !isLogin(schemaPath, request) && schemaPath !== LOGOUT) {
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
