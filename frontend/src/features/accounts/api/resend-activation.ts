import { api, request } from '@/api/client';

/** `POST /api/v1/accounts/activation/resend`: answers `resend_after_seconds`, registered or not. */
export function resendActivation(email: string) {
  return request(api.POST('/api/v1/accounts/activation/resend', { body: { email } }));
}
