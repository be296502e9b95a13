import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';
import type { EditableField } from '@/lib/enrollment-fields';

/**
 * 申请更正: `POST /api/v1/enrollments/{id}/change-requests` with the changed fields only (as
 * text) and the reason → 201 the pending request. The record itself changes only on approval.
 */
export function proposeChange(id: string, changes: Partial<Record<EditableField, string>>, reason: string) {
  return request(
    staffApi.POST('/api/v1/enrollments/{id}/change-requests', { params: { path: { id } }, body: { changes, reason } }),
  );
}
