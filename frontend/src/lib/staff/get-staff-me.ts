import { request } from '@/api/request';

import { staffApi } from '@/api/staff-client';

/** `GET /api/v1/staff/me`: the role and scope of the staff token, as stored now. */
export function getStaffMe(signal?: AbortSignal) {
  return request(staffApi.GET('/api/v1/staff/me', { signal }));
}
