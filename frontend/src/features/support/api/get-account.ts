import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/** `GET /api/v1/support/accounts/{id}`: the account, its lockout and whether records carry its identity. */
export function getAccount(id: string, signal?: AbortSignal) {
  return request(staffApi.GET('/api/v1/support/accounts/{id}', { params: { path: { id } }, signal }));
}
