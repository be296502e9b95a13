import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/** 驳回: `POST /api/v1/collation-requests/{id}/reject` with the note (required) that tells the student why; 409 when closed. */
export function rejectCollationRequest(id: string, note: string) {
  return request(staffApi.POST('/api/v1/collation-requests/{id}/reject', { params: { path: { id } }, body: { note } }));
}
