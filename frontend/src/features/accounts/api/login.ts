import { api, request } from '@/api/client';
import type { components } from '@/api/schema';

export type LoginRequest = components['schemas']['LoginRequest'];

/** `POST /api/v1/sessions`: a session (`active`) or a registration token (`registration_incomplete`). */
export function login(body: LoginRequest) {
  return request(api.POST('/api/v1/sessions', { body }));
}
