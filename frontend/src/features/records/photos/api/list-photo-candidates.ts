import { api, request } from '@/api/client';

/**
 * `GET /api/v1/me/photo-candidates` (没照片，找找看): collected photos that are probably the
 * student's, each with the fields that differ from their record (those come masked).
 */
export function listPhotoCandidates(signal?: AbortSignal) {
  return request(api.GET('/api/v1/me/photo-candidates', { signal }));
}
