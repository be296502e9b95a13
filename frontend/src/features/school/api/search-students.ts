import { request } from '@/api/request';
import { staffApi } from '@/features/staff/api/staff-client';

import type { StudentFilters } from '../lib/filters';

/** Rows per page of 在校生. */
export const STUDENTS_PER_PAGE = 20;

/**
 * `GET /api/v1/schools/{school_code}/students`: one page of the school's records (注销 ones
 * included), by student number, with the filters of the search form.
 */
export function searchStudents(schoolCode: string, filters: StudentFilters, signal?: AbortSignal) {
  return request(
    staffApi.GET('/api/v1/schools/{school_code}/students', {
      params: {
        path: { school_code: schoolCode },
        query: {
          ...(filters.q && { q: filters.q }),
          ...(filters.status && { status: filters.status }),
          ...(filters.level && { level: filters.level }),
          ...(filters.qualificationPending && { qualification_pending: true }),
          page: filters.page,
          per_page: STUDENTS_PER_PAGE,
        },
      },
      signal,
    }),
  );
}
