import { request } from '@/api/request';
import type { components } from '@/api/schema';

import type { StaffRole } from '@/lib/staff/staff-session';
import { staffApi } from '@/api/staff-client';

export type StaffAccountPage = components['schemas']['Page_StaffView'];

/** `GET /api/v1/staff/accounts?role=&page=`: staff accounts by email, optionally of one role (platform admins). */
export function listStaffAccounts(query: { role?: StaffRole; page?: number }, signal?: AbortSignal) {
  return request(staffApi.GET('/api/v1/staff/accounts', { params: { query }, signal }));
}
