import { request } from '@/api/request';
import type { components } from '@/api/schema';

import { staffApi } from '@/api/staff-client';

export type CreateStaffRequest = components['schemas']['CreateStaffRequest'];
export type CreatedStaffView = components['schemas']['CreatedStaffView'];

/**
 * `POST /api/v1/staff/accounts`: a staff account with a role (a school admin with its school, a
 * provincial reviewer with its province); 422 names the fields, 409 `email_taken`. Audited.
 * Either a first `password` (changed at the first login) or `setup_link: true` (no password): then
 * the answer's `setup_link` is a one-time URL where the member sets their own, answered only this once.
 */
export function createStaffAccount(body: CreateStaffRequest) {
  return request(staffApi.POST('/api/v1/staff/accounts', { body }));
}
