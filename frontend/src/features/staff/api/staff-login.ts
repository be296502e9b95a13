import { request } from '@/api/request';
import type { components } from '@/api/schema';

import { staffApi } from './staff-client';

export type StaffLoginRequest = components['schemas']['StaffLoginRequest'];

/** `POST /api/v1/staff/sessions`: a staff token for 8 hours, and who it is. */
export function staffLogin(body: StaffLoginRequest) {
  return request(staffApi.POST('/api/v1/staff/sessions', { body }));
}
