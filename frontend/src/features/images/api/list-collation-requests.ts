import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

import type { CollationStatus } from './types';

/** Reports per page of 照片校对申请. */
export const COLLATION_PER_PAGE = 20;

/** `GET /api/v1/collation-requests?status=&page=`: the school's students' photo reports, oldest first. */
export function listCollationRequests(status: CollationStatus, page: number, signal?: AbortSignal) {
  return request(
    staffApi.GET('/api/v1/collation-requests', { params: { query: { status, page, per_page: COLLATION_PER_PAGE } }, signal }),
  );
}
