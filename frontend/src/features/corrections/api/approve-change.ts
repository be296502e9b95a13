import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/**
 * 通过 (reviewers): `POST /api/v1/change-requests/{id}/approve` applies the changes. 409
 * `change_request_stale`: the record changed meanwhile; nothing was applied and the request is
 * now closed as `stale` (the school files it again).
 */
export function approveChange(id: string) {
  return request(staffApi.POST('/api/v1/change-requests/{id}/approve', { params: { path: { id } } }));
}
