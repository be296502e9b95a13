/**
 * The filters of 在校生 (`q=&status=&level=&qualification_pending=true&page=`): the free text `q`
 * (a name, an ID number or a student number) is personal and stays out of the address bar (kept
 * in sessionStorage, see `@/lib/private-filters`); the others live in the page's URL, so Back or
 * a reload shows the same results. Unknown values are ignored.
 */
import { ENROLLMENT_STATUSES, LEVELS } from '@/lib/enrollment-fields';
import { parsePage } from '@/lib/page-param';
import { publicPath } from '@/lib/private-filters';

import type { EnrollmentStatus, Level } from '../api/types';

export interface StudentFilters {
  /** Free text: the start of a name, a whole ID number or a whole student number. */
  q: string;
  status: EnrollmentStatus | '';
  level: Level | '';
  /** Only records flagged 资格待查. */
  qualificationPending: boolean;
  /** From 1. */
  page: number;
}

export const NO_FILTERS: StudentFilters = { q: '', status: '', level: '', qualificationPending: false, page: 1 };

function oneOf<T extends string>(values: readonly T[], value: string | null): T | '' {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : '';
}

export function readFilters(params: URLSearchParams): StudentFilters {
  return {
    q: (params.get('q') ?? '').trim(),
    status: oneOf(ENROLLMENT_STATUSES, params.get('status')),
    level: oneOf(LEVELS, params.get('level')),
    qualificationPending: params.get('qualification_pending') === 'true',
    page: parsePage(params.get('page')),
  };
}

/** The sessionStorage entry of 在校生's personal filters. */
export const STUDENTS_PRIVATE_PAGE = 'students';
/** The filters of 在校生 that never go into the address bar. */
export const STUDENTS_PRIVATE_FIELDS = ['q'] as const;

/** The query string of `filters` (without `?`), leaving out what is not set and page 1. */
export function filtersQuery(filters: StudentFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.status) params.set('status', filters.status);
  if (filters.level) params.set('level', filters.level);
  if (filters.qualificationPending) params.set('qualification_pending', 'true');
  if (filters.page > 1) params.set('page', String(filters.page));
  return params.toString();
}

/** Whether anything narrows the search (for the empty state's wording). */
export function hasFilters(filters: StudentFilters): boolean {
  return filters.q !== '' || filters.status !== '' || filters.level !== '' || filters.qualificationPending;
}

/** The 在校生 page with these filters, without the personal ones (they stay remembered). */
export function studentsPath(filters: StudentFilters): string {
  const query = filtersQuery(filters);
  return publicPath(query ? `/staff/students?${query}` : '/staff/students', STUDENTS_PRIVATE_FIELDS);
}
