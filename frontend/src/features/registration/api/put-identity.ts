import { api, request } from '@/api/client';
import type { components } from '@/api/schema';

export type IdentityRequest = components['schemas']['IdentityRequest'];
export type IdentityResponse = components['schemas']['IdentityResponse'];

/** `PUT /api/v1/registration/identity`: stores name and ID number; says whether records match. */
export function putIdentity(body: IdentityRequest) {
  return request(api.PUT('/api/v1/registration/identity', { body }));
}
