import { api, request } from '@/api/client';
import type { components } from '@/api/schema';

export type CloseAccountRequest = components['schemas']['CloseAccountRequest'];
export type AccountClosed = components['schemas']['AccountClosed'];

/** `POST /api/v1/me/closure` (注销账号): every session of the account ends on the server. */
export function closeAccount(body: CloseAccountRequest) {
  return request(api.POST('/api/v1/me/closure', { body }));
}
