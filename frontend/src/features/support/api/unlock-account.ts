import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/** `POST /api/v1/support/accounts/{id}/unlock`: lifts the lockout after wrong passwords (reason optional). */
export function unlockAccount(id: string, reason: string | null) {
  return request(staffApi.POST('/api/v1/support/accounts/{id}/unlock', { params: { path: { id } }, body: { reason } }));
}
