import { api, request } from '@/api/client';

import type { RecordType } from '@/api/record-types';

/** `POST /api/v1/me/verification-reports`: a new code for one of the student's records. */
export function createReport(body: { record_type: RecordType; record_id: string; valid_days: number }) {
  return request(api.POST('/api/v1/me/verification-reports', { body }));
}
