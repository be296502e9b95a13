import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

import type { ChangeRequestStatus } from './types';

/** Requests per page of the list. */
export const REQUESTS_PER_PAGE = 20;

export interface ChangeRequestQuery {
  /** Only requests in this state; none: all. */
  status?: ChangeRequestStatus;
  /** Only the requests of this record (its history). */
  enrollmentId?: string;
  page?: number;
  perPage?: number;
}

/**
 * `GET /api/v1/change-requests`: a school admin's own requests (newest first), or a reviewer's
 * province (`status=pending`: the queue, oldest first).
 */
export function listChangeRequests({ status, enrollmentId, page = 1, perPage = REQUESTS_PER_PAGE }: ChangeRequestQuery, signal?: AbortSignal) {
  return request(
    staffApi.GET('/api/v1/change-requests', {
      params: { query: { ...(status && { status }), ...(enrollmentId && { enrollment_id: enrollmentId }), page, per_page: perPage } },
      signal,
    }),
  );
}
