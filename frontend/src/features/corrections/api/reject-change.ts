import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/** 驳回 (reviewers): `POST /api/v1/change-requests/{id}/reject` with the reason the school will read. */
export function rejectChange(id: string, reason: string) {
  return request(staffApi.POST('/api/v1/change-requests/{id}/reject', { params: { path: { id } }, body: { reason } }));
}
