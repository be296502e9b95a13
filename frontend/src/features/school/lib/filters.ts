/**
 * The filters of 在校生, kept in the page's URL (`?q=&status=&level=&qualification_pending=true&page=`)
 * so that Back, a reload or a shared link shows the same results. Unknown values are ignored.
 */
import { ENROLLMENT_STATUSES, LEVELS } from '@/lib/enrollment-fields';
import { parsePage } from '@/lib/page-param';

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

/** The 在校生 page with these filters. */
export function studentsPath(filters: StudentFilters): string {
  const query = filtersQuery(filters);
  return query ? `/staff/students?${query}` : '/staff/students';
}
