import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/** 处理完成: `POST /api/v1/collation-requests/{id}/resolve` with an optional note the student reads; 409 when closed. */
export function resolveCollationRequest(id: string, note: string) {
  return request(
    staffApi.POST('/api/v1/collation-requests/{id}/resolve', { params: { path: { id } }, body: { ...(note && { note }) } }),
  );
}
