import { api, request } from '@/api/client';

/** `GET /api/v1/me/verification-reports`: the student's reports, newest first. */
export function listMyReports(signal?: AbortSignal) {
  return request(api.GET('/api/v1/me/verification-reports', { signal }));
}
