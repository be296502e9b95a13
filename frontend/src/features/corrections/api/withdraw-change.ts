import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/** 撤回 (the school that asked): `POST /api/v1/change-requests/{id}/withdraw`, the reason optional. */
export function withdrawChange(id: string, reason: string) {
  return request(
    staffApi.POST('/api/v1/change-requests/{id}/withdraw', { params: { path: { id } }, body: reason ? { reason } : {} }),
  );
}
