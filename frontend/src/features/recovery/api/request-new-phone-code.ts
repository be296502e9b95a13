import { api, request } from '@/api/client';

/** `POST /api/v1/account-recovery/phone/code`: with the emailed link, a code to the new phone. */
export function requestNewPhoneCode(token: string, phone: string) {
  return request(api.POST('/api/v1/account-recovery/phone/code', { body: { token, phone } }));
}
