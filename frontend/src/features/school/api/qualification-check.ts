import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

import type { QualificationResult } from './types';

/**
 * 学籍资格清查: `POST /api/v1/enrollments/{id}/qualification-check`. `confirmed` clears 资格待查;
 * `rejected` revokes the record (注销) with the note as the reason. The record as it is now.
 */
export function checkQualification(id: string, result: QualificationResult, note: string) {
  return request(
    staffApi.POST('/api/v1/enrollments/{id}/qualification-check', {
      params: { path: { id } },
      body: { result, ...(note && { note }) },
    }),
  );
}
