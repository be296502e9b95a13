import createClient from 'openapi-fetch';

import { session } from '@/lib/session';

import { createAuthMiddleware } from './auth-middleware';
import type { paths } from './schema';

export type { Problem, ProblemFieldError, UiError } from './problem';
export { fieldError, isProblem, toUiError, waitMessage } from './problem';
export type { ApiResult } from './request';
export { request } from './request';

/**
 * The one typed client for the backend. Paths, parameters and bodies come from `schema.d.ts`,
 * generated from `openapi.yaml` (`npm run gen:api`), so a contract change the SPA does not
 * follow fails the type check. The backend serves the SPA, so the API is on the same origin.
 * The auth middleware adds the session's tokens (see `auth-middleware.ts`).
 */
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  // Looked up on each call (not captured once), so tests can stub `fetch`.
  fetch: (request) => globalThis.fetch(request),
});

api.use(createAuthMiddleware(session));
