import { api, request } from '@/api/client';

/** `POST /api/v1/registration/complete`: the account becomes active (after the student answered 是). */
export function completeRegistration() {
  return request(api.POST('/api/v1/registration/complete'));
}
