import type { Middleware } from 'openapi-fetch';

import type { SessionStore } from '@/lib/session/session-store';

/**
 * The operations that take the access token (`security: bearer` in openapi.yaml, apart from the
 * registration steps). `auth-middleware.test.ts` checks this list against openapi.yaml.
 */
export const ACCESS_TOKEN_OPERATIONS: ReadonlySet<string> = new Set([
  'GET /api/v1/me',
  'PUT /api/v1/me/password',
  'POST /api/v1/me/closure',
  'GET /api/v1/me/enrollments',
  'GET /api/v1/me/degrees',
  'GET /api/v1/me/verification-reports',
  'POST /api/v1/me/verification-reports',
  'DELETE /api/v1/me/verification-reports/{code}',
  'POST /api/v1/me/verification-reports/{code}/extend',
  'GET /api/v1/me/enrollments/{id}/photo',
  'GET /api/v1/me/photo-candidates',
  'GET /api/v1/me/photo-candidates/{id}/thumbnail',
  'GET /api/v1/me/collation-requests',
  'POST /api/v1/me/collation-requests',
  'POST /api/v1/me/consent',
  'GET /api/v1/me/data-export',
  'GET /api/v1/me/data-export.html',
  'GET /api/v1/me/access-history',
  'DELETE /api/v1/sessions',
  'DELETE /api/v1/sessions/current',
]);

export function needsAccessToken(method: string, schemaPath: string): boolean {
  return ACCESS_TOKEN_OPERATIONS.has(`${method.toUpperCase()} ${schemaPath}`);
}

/** The steps of an unfinished registration take the registration token, and only they do. */
export function isRegistrationPath(schemaPath: string): boolean {
  return schemaPath === '/api/v1/registration' || schemaPath.startsWith('/api/v1/registration/');
}

async function problemCode(response: Response): Promise<string | undefined> {
  try {
    const body: unknown = await response.clone().json();
    return typeof body === 'object' && body !== null && 'code' in body && typeof body.code === 'string' ? body.code : undefined;
  } catch {
    return undefined;
  }
}

function withBearer(request: Request, token: string): Request {
  const headers = new Headers(request.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return new Request(request, { headers });
}

/**
 * Adds `Authorization: Bearer …` to the calls that need it. When such a call is answered 401
 * `token_expired`, the tokens are renewed once (shared with concurrent calls) and the call is
 * sent again. Any other 401, or a refused renewal, ends the session (`session.onEnd` listeners
 * send the student to the login page).
 */
export function createAuthMiddleware(store: SessionStore): Middleware {
  /** Per call: a copy to send again (the original's body is spent) and the token it carried. */
  const pending = new Map<string, { copy: Request; token: string | null }>();

  return {
    async onRequest({ request, schemaPath, id }) {
      if (isRegistrationPath(schemaPath)) {
        const token = store.registrationToken();
        return token ? withBearer(request, token) : undefined;
      }
      if (!needsAccessToken(request.method, schemaPath)) return undefined;
      let token = store.accessToken();
      // A new tab of a logged-in browser has only the refresh token: renew first.
      if (token === null && store.refreshToken() !== null) token = await store.refresh();
      const authorized = token ? withBearer(request, token) : request;
      pending.set(id, { copy: authorized.clone(), token });
      return authorized;
    },

    async onResponse({ response, id, options }) {
      const call = pending.get(id);
      pending.delete(id);
      if (!call || response.status !== 401) return undefined;
      if ((await problemCode(response)) !== 'token_expired') {
        store.clear('expired');
        return undefined;
      }
      // Another call may have renewed the tokens meanwhile: then use the new one as it is.
      const current = store.accessToken();
      const token = current !== null && current !== call.token ? current : await store.refresh();
      if (token === null) return undefined;
      const retried = await options.fetch(withBearer(call.copy, token));
      if (retried.status === 401) store.clear('expired');
      return retried;
    },

    onError({ id }) {
      pending.delete(id);
      return undefined;
    },
  };
}
