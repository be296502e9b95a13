import { api, request } from '@/api/client';

/**
 * `GET /api/v1/me/photo-candidates/{id}/thumbnail`: a small JPEG of a candidate (its
 * `thumbnail_url`, called through the typed client so that it carries the student's token).
 */
export function getCandidateThumbnail(candidateId: string, signal?: AbortSignal) {
  return request(
    api.GET('/api/v1/me/photo-candidates/{id}/thumbnail', { params: { path: { id: candidateId } }, parseAs: 'blob', signal }),
  );
}
