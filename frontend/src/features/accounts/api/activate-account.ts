import { api, request } from '@/api/client';

/** `POST /api/v1/accounts/activation`: activates and returns the registration token. */
export function activateAccount(token: string) {
  return request(api.POST('/api/v1/accounts/activation', { body: { token } }));
}
