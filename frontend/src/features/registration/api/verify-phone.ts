import { api, request } from '@/api/client';

/** `POST /api/v1/registration/phone/verify`: confirms the phone with the code of its newest SMS. */
export function verifyPhone(phone: string, code: string) {
  return request(api.POST('/api/v1/registration/phone/verify', { body: { phone, code } }));
}
