import { api, request } from '@/api/client';

/** `GET /api/v1/me/enrollments`: the student's 学籍 records (ID number in full: their own). */
export function listMyEnrollments(signal?: AbortSignal) {
  return request(api.GET('/api/v1/me/enrollments', { signal }));
}
