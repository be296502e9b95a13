import { api, request } from '@/api/client';

/** `POST /api/v1/account-recovery/email/confirm`: the emailed link makes the new email the login email. */
export function confirmEmailRecovery(token: string) {
  return request(api.POST('/api/v1/account-recovery/email/confirm', { body: { token } }));
}
