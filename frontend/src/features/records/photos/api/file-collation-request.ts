import { api, request } from '@/api/client';

import type { CollationRequestBody } from './types';

/**
 * `POST /api/v1/me/collation-requests`: a report to the school's 图像校对 queue (201); 409
 * `collation_request_open` while another report about the record is open, 422 `message` too long.
 */
export function fileCollationRequest(body: CollationRequestBody) {
  return request(api.POST('/api/v1/me/collation-requests', { body }));
}
