import { api, request } from '@/api/client';
import type { components } from '@/api/schema';

export type RegistrationSummary = components['schemas']['RegistrationSummary'];

/** `GET /api/v1/registration` with the registration token (added by the auth middleware). */
export function getRegistration(signal?: AbortSignal) {
  return request(api.GET('/api/v1/registration', { signal }));
}
