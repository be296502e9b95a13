import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/**
 * 删除重复照片: `DELETE /api/v1/image-records/{id}` with the reason. The record stays, marked
 * deleted (audited); the photo file is removed by a later sweep. 409 when already deleted; 403
 * `image_record_read_only` for a photo captured for another school.
 */
export function deleteImageRecord(id: string, reason: string) {
  return request(staffApi.DELETE('/api/v1/image-records/{id}', { params: { path: { id } }, body: { reason } }));
}
