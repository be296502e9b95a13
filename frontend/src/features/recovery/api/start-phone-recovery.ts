import { api, request } from '@/api/client';

/** `POST /api/v1/account-recovery/phone`: email and password (counted like a login); a link goes to the email. */
export function startPhoneRecovery(email: string, password: string) {
  return request(api.POST('/api/v1/account-recovery/phone', { body: { email, password } }));
}
