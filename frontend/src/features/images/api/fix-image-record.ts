import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

import type { ImagePatch } from './types';

/**
 * 更正采集信息: `PATCH /api/v1/image-records/{id}` with the changed fields only. Effective at
 * once: the answer says whether the photo now links to an enrollment (`linked`, `enrollment_ids`).
 * 422 names the fields (`no_changes` when nothing differs; `school_name_not_yours`,
 * `id_number_not_your_student` when the fix would take the photo out of the school); 409
 * `image_record_deleted`; 403 `image_record_read_only` for a photo captured for another school.
 */
export function fixImageRecord(id: string, changes: ImagePatch) {
  return request(staffApi.PATCH('/api/v1/image-records/{id}', { params: { path: { id } }, body: changes }));
}
