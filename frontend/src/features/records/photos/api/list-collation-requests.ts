import { api, request } from '@/api/client';

/** `GET /api/v1/me/collation-requests`: the student's photo reports, newest first, with the school's answer. */
export function listMyCollationRequests(signal?: AbortSignal) {
  return request(api.GET('/api/v1/me/collation-requests', { signal }));
}
