import { api, request } from '@/api/client';

/** `GET /api/v1/degree-checks` (public): is there a degree with this certificate number for this name? */
export function checkDegree(query: { certificate_no: string; name: string }, signal?: AbortSignal) {
  return request(api.GET('/api/v1/degree-checks', { params: { query }, signal }));
}
