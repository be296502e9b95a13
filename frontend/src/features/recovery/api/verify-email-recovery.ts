import { api, request } from '@/api/client';

/** `POST /api/v1/account-recovery/email/verify`: the SMS code and the new email; a link goes to the new email. */
export function verifyEmailRecovery(body: { name: string; id_number: string; phone: string; code: string; new_email: string }) {
  return request(api.POST('/api/v1/account-recovery/email/verify', { body }));
}
