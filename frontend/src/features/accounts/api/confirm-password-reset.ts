import { api, request } from '@/api/client';

/** `POST /api/v1/password-resets/confirm`: sets the new password; every session ends. */
export function confirmPasswordReset(token: string, newPassword: string) {
  return request(api.POST('/api/v1/password-resets/confirm', { body: { token, new_password: newPassword } }));
}
