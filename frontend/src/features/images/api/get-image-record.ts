import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/** `GET /api/v1/image-records/{id}`: one collection record, with the enrollments it links to. */
export function getImageRecord(id: string, signal?: AbortSignal) {
  return request(staffApi.GET('/api/v1/image-records/{id}', { params: { path: { id } }, signal }));
}
