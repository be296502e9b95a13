import { api, request } from '@/api/client';

/** `POST /api/v1/registration/phone/code`: sends a 6-digit code; 202 `{resend_after_seconds, expires_in}`. */
export function requestPhoneCode(phone: string) {
  return request(api.POST('/api/v1/registration/phone/code', { body: { phone } }));
}
