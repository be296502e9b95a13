import { request } from '@/api/request';
import type { components } from '@/api/schema';
import { staffApi } from '@/api/staff-client';

export type SupportRecoveryRequest = components['schemas']['SupportRecoveryRequest'];

/** `POST /api/v1/support/accounts/{id}/recovery`: 协助找回账号 with the evidence seen (audited). */
export function recordRecovery(id: string, body: SupportRecoveryRequest) {
  return request(staffApi.POST('/api/v1/support/accounts/{id}/recovery', { params: { path: { id } }, body }));
}
