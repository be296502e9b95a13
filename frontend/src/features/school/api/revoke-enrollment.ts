import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/**
 * 注销重复学籍: `POST /api/v1/enrollments/{id}/revocation` with the reason and, optionally, the
 * record it duplicates. Nothing is deleted: the record stays, with status 注销.
 */
export function revokeEnrollment(id: string, reason: string, duplicateOf: string) {
  return request(
    staffApi.POST('/api/v1/enrollments/{id}/revocation', {
      params: { path: { id } },
      body: { reason, ...(duplicateOf && { duplicate_of: duplicateOf }) },
    }),
  );
}
