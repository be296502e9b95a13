import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

import type { StudentFilters } from '../lib/filters';

/** Rows per page of 在校生. */
export const STUDENTS_PER_PAGE = 20;

/**
 * `POST /api/v1/schools/{school_code}/students/search`: one page of the school's records (注销 ones
 * included), by student number, with the filters of the search form — in the body, so names and
 * ID numbers stay out of URLs (proxy logs).
 */
export function searchStudents(schoolCode: string, filters: StudentFilters, signal?: AbortSignal) {
  return request(
    staffApi.POST('/api/v1/schools/{school_code}/students/search', {
      params: { path: { school_code: schoolCode } },
      body: {
        ...(filters.q && { q: filters.q }),
        ...(filters.status && { status: filters.status }),
        ...(filters.level && { level: filters.level }),
        ...(filters.qualificationPending && { qualification_pending: true }),
        page: filters.page,
        per_page: STUDENTS_PER_PAGE,
      },
      signal,
    }),
  );
}
