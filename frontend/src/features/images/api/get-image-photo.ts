import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/**
 * `GET /api/v1/image-records/{id}/photo`: the photo's bytes (JPEG or PNG). It needs the staff
 * token, so an `<img src>` cannot load it: the screen shows the Blob through an object URL.
 */
export function getImagePhoto(id: string, signal?: AbortSignal) {
  return request(staffApi.GET('/api/v1/image-records/{id}/photo', { params: { path: { id } }, parseAs: 'blob', signal }));
}
