import { request } from '@/api/request';
import type { components } from '@/api/schema';

import { staffApi } from './staff-client';

export type CreateStaffRequest = components['schemas']['CreateStaffRequest'];

/**
 * `POST /api/v1/staff/accounts`: a staff account with a role (a school admin with its school, a
 * provincial reviewer with its province); 422 names the fields, 409 `email_taken`. Audited.
 */
export function createStaffAccount(body: CreateStaffRequest) {
  return request(staffApi.POST('/api/v1/staff/accounts', { body }));
}
