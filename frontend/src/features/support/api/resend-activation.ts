import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/**
 * `POST /api/v1/support/accounts/{id}/activation-email`: a new activation link for an unfinished
 * registration; 409 `registration_complete`, 429 `email_cooldown` (at most once a minute).
 */
export function resendActivation(id: string) {
  return request(staffApi.POST('/api/v1/support/accounts/{id}/activation-email', { params: { path: { id } } }));
}
