import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/** Batches per page of the history. */
export const BATCHES_PER_PAGE = 20;

/** `GET /api/v1/image-batches?page=`: the operator's own batches, newest first, each with its report. */
export function listImageBatches(page: number, signal?: AbortSignal) {
  return request(staffApi.GET('/api/v1/image-batches', { params: { query: { page, per_page: BATCHES_PER_PAGE } }, signal }));
}
