import { api, request } from '@/api/client';

export type ExportFormat = 'json' | 'html';

/**
 * `GET /api/v1/me/data-export` or `…/data-export.html` as a file: the answer is read as a blob
 * (it needs the bearer token, so a plain link cannot fetch it).
 */
export function downloadMyData(format: ExportFormat) {
  const call =
    format === 'json'
      ? api.GET('/api/v1/me/data-export', { parseAs: 'blob' })
      : api.GET('/api/v1/me/data-export.html', { parseAs: 'blob' });
  return request(call as Promise<{ data?: Blob; error?: unknown; response: Response }>);
}

/** The file name the server gave (`Content-Disposition`), or a sensible one. */
export function fileNameOf(response: Response, format: ExportFormat): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
  return match?.[1] ?? `xuexin-my-data.${format}`;
}
