import { api, request } from '@/api/client';
import type { components } from '@/api/schema';

export type RegisterRequest = components['schemas']['RegisterRequest'];

/** `POST /api/v1/accounts`: creates the account and sends the activation email. */
export function registerAccount(body: RegisterRequest) {
  return request(api.POST('/api/v1/accounts', { body }));
}
