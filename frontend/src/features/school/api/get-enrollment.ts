import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/** `GET /api/v1/enrollments/{id}`: one record, for its school's admins and its province's reviewers. */
export function getEnrollment(id: string, signal?: AbortSignal) {
  return request(staffApi.GET('/api/v1/enrollments/{id}', { params: { path: { id } }, signal }));
}
