import { api, request } from '@/api/client';

/** `DELETE /api/v1/me/verification-reports/{code}`: the code stops working at once (204). */
export function revokeReport(code: string) {
  return request(api.DELETE('/api/v1/me/verification-reports/{code}', { params: { path: { code } } }));
}
