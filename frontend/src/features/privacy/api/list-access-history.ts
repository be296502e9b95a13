import { api, request } from '@/api/client';
import type { components } from '@/api/schema';

export type AccessEntry = components['schemas']['AccessView'];

/** `GET /api/v1/me/access-history`: one page of staff looks at the student's full details. */
export function listAccessHistory(page: number, signal?: AbortSignal) {
  return request(api.GET('/api/v1/me/access-history', { params: { query: { page, per_page: 20 } }, signal }));
}
