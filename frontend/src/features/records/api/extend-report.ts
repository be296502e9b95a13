import { api, request } from '@/api/client';

/** `POST /api/v1/me/verification-reports/{code}/extend`: valid `valid_days` from now. */
export function extendReport(code: string, validDays: number) {
  return request(
    api.POST('/api/v1/me/verification-reports/{code}/extend', { params: { path: { code } }, body: { valid_days: validDays } }),
  );
}
