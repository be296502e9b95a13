import { api, request } from '@/api/client';

/** `POST /api/v1/account-recovery/phone/verify`: the code confirms the new phone; every session ends. */
export function confirmNewPhone(token: string, phone: string, code: string) {
  return request(api.POST('/api/v1/account-recovery/phone/verify', { body: { token, phone, code } }));
}
