import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/** `GET /api/v1/change-requests/{id}`: the request with its field-by-field diff. */
export function getChangeRequest(id: string, signal?: AbortSignal) {
  return request(staffApi.GET('/api/v1/change-requests/{id}', { params: { path: { id } }, signal }));
}
