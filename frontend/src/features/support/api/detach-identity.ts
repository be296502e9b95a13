import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/**
 * `POST /api/v1/support/accounts/{id}/identity/detach`: removes the name and ID number from an
 * account that should not hold them; it is logged out everywhere and must redo 实名注册.
 */
export function detachIdentity(id: string, reason: string) {
  return request(staffApi.POST('/api/v1/support/accounts/{id}/identity/detach', { params: { path: { id } }, body: { reason } }));
}
