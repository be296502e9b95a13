import { request } from '@/api/request';
import type { components } from '@/api/schema';

import { staffApi } from '@/api/staff-client';

export type StaffSessionInfo = components['schemas']['StaffSessionView'];

/** `GET /api/v1/staff/sessions`: the caller's live sessions (登录设备), the asking one marked `current`. */
export function listOwnSessions(signal?: AbortSignal) {
  return request(staffApi.GET('/api/v1/staff/sessions', { signal }));
}

/** `DELETE /api/v1/staff/sessions/{id}` (退出此设备): its token is refused from its next request on; 404 `session_not_found`. */
export function endOwnSession(id: string) {
  return request(staffApi.DELETE('/api/v1/staff/sessions/{id}', { params: { path: { id } } }));
}

/** `GET /api/v1/staff/accounts/{id}/sessions`: a staff member's live sessions (platform admins). */
export function listStaffSessions(staffId: string, signal?: AbortSignal) {
  return request(staffApi.GET('/api/v1/staff/accounts/{id}/sessions', { params: { path: { id: staffId } }, signal }));
}

/** `DELETE /api/v1/staff/accounts/{id}/sessions` (结束全部会话): with a required reason; audited. */
export function endAllStaffSessions(staffId: string, reason: string) {
  return request(staffApi.DELETE('/api/v1/staff/accounts/{id}/sessions', { params: { path: { id: staffId } }, body: { reason } }));
}
