import { api, request } from '@/api/client';

/** `GET /api/v1/me/degrees`: the student's 学历 records. */
export function listMyDegrees(signal?: AbortSignal) {
  return request(api.GET('/api/v1/me/degrees', { signal }));
}
