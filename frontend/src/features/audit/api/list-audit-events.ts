import { request } from '@/api/request';
import type { components } from '@/api/schema';
import { staffApi } from '@/api/staff-client';

export type AuditEvent = components['schemas']['AuditEventView'];
export type AuditEventPage = components['schemas']['Page_AuditEventView'];

/** The query of `GET /api/v1/audit-events` (times as the API reads them: RFC 3339 or a UTC date). */
export interface AuditQuery {
  actor?: string;
  action?: string;
  target_type?: string;
  target?: string;
  from?: string;
  to?: string;
  page?: number;
  per_page?: number;
}

/** `GET /api/v1/audit-events`: one page of the audit log, newest first (platform admins only). */
export function listAuditEvents(query: AuditQuery, signal?: AbortSignal) {
  return request(staffApi.GET('/api/v1/audit-events', { params: { query }, signal }));
}
