import { api, request } from '@/api/client';

/**
 * `GET /api/v1/me/enrollments/{id}/photo`: the photo on one of the student's records, as bytes
 * (JPEG or PNG); 404 `photo_not_found` when there is none yet.
 */
export function getMyPhoto(enrollmentId: string, signal?: AbortSignal) {
  return request(api.GET('/api/v1/me/enrollments/{id}/photo', { params: { path: { id: enrollmentId } }, parseAs: 'blob', signal }));
}
