import { request } from '@/api/request';

import { staffApi } from './staff-client';

/**
 * `PATCH /api/v1/staff/accounts/{id}`: disables (ends the member's sessions at once) or enables a
 * staff account; 409 `cannot_disable_self`. Audited.
 */
export function setStaffDisabled(id: string, disabled: boolean) {
  return request(staffApi.PATCH('/api/v1/staff/accounts/{id}', { params: { path: { id } }, body: { disabled } }));
}
