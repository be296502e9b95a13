import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

import type { ImageFilters } from '../lib/filters';

/** Rows per page of 图像校对. */
export const IMAGES_PER_PAGE = 20;

/**
 * `POST /api/v1/image-records/search`: the collection records the school sees (captured with its
 * name, or with one of its students' ID numbers), newest first, with the filters of the search
 * form — in the body, so names and ID numbers stay out of URLs (proxy logs).
 */
export function searchImageRecords(filters: ImageFilters, signal?: AbortSignal) {
  return request(
    staffApi.POST('/api/v1/image-records/search', {
      body: {
        ...(filters.name && { name: filters.name }),
        ...(filters.idNumber && { id_number: filters.idNumber }),
        ...(filters.linked && { linked: filters.linked === 'true' }),
        ...(filters.includeDeleted && { include_deleted: true }),
        page: filters.page,
        per_page: IMAGES_PER_PAGE,
      },
      signal,
    }),
  );
}
