import { request } from '@/api/request';
import type { components } from '@/api/schema';
import { staffApi } from '@/api/staff-client';

export type IdentityCorrection = components['schemas']['IdentityCorrection'];

/**
 * `PATCH /api/v1/support/accounts/{id}/identity`: replaces the account's name and ID number (the
 * rules of 实名注册), with a reason; audited. 409 `id_number_taken` when another completed
 * account holds the ID number (its email is in `detail`).
 */
export function correctIdentity(id: string, body: IdentityCorrection) {
  return request(staffApi.PATCH('/api/v1/support/accounts/{id}/identity', { params: { path: { id } }, body }));
}
