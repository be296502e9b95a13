import { api, request } from '@/api/client';

/** `POST /api/v1/me/consent`: agrees to the notice of `version` (must be the one in force). */
export function giveConsent(version: string) {
  return request(api.POST('/api/v1/me/consent', { body: { version } }));
}
