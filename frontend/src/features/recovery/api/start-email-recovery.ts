import { api, request } from '@/api/client';

/** `POST /api/v1/account-recovery/email`: a code to the phone if name, ID number and phone match (same answer either way). */
export function startEmailRecovery(body: { name: string; id_number: string; phone: string }) {
  return request(api.POST('/api/v1/account-recovery/email', { body }));
}
