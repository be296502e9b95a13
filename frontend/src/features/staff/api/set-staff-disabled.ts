import { request } from '@/api/request';

import { staffApi } from '@/api/staff-client';

/**
 * `PATCH /api/v1/staff/accounts/{id}`: disables (ends the member's sessions at once, on every
 * server; a reason is required) or enables a staff account; 409 `cannot_disable_self`. Audited
 * with the reason.
 */
export function setStaffDisabled(id: string, disabled: boolean, reason?: string) {
  return request(
    staffApi.PATCH('/api/v1/staff/accounts/{id}', { params: { path: { id } }, body: { disabled, ...(reason ? { reason } : {}) } }),
  );
}
