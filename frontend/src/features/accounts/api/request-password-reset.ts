import { api, request } from '@/api/client';

/** `POST /api/v1/password-resets`: sends a reset link if the address has an account. */
export function requestPasswordReset(email: string) {
  return request(api.POST('/api/v1/password-resets', { body: { email } }));
}
