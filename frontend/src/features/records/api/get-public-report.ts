import { api, request } from '@/api/client';

/**
 * `GET /api/v1/verification-reports/{code}` (public, no token): the record a report vouches
 * for, ID number masked; 404 `report_not_found` | `report_expired` | `report_revoked`, 429
 * `too_many_lookups`.
 */
export function getPublicReport(code: string, signal?: AbortSignal) {
  return request(api.GET('/api/v1/verification-reports/{code}', { params: { path: { code } }, signal }));
}
