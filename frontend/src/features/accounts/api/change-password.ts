import { api, request } from '@/api/client';
import type { components } from '@/api/schema';

export type ChangePasswordRequest = components['schemas']['ChangePasswordRequest'];

/** `PUT /api/v1/me/password`: other sessions end, this one stays. */
export function changePassword(body: ChangePasswordRequest) {
  return request(api.PUT('/api/v1/me/password', { body }));
}
