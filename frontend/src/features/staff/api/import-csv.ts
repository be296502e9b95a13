import { toUiError } from '@/api/problem';
import { request, type ApiResult } from '@/api/request';
import type { components } from '@/api/schema';

import { staffApi } from '@/api/staff-client';

export type ImportReport = components['schemas']['ImportReport'];
export type ImportKind = 'schools' | 'enrollments' | 'degrees';

/**
 * `POST /api/v1/imports/{kind}?dry_run=`: the CSV file itself is the body (`text/csv`). The
 * file's bytes are sent as they are (not decoded here), so the server judges the encoding.
 */
export function importCsv(kind: ImportKind, file: Blob, dryRun: boolean): Promise<ApiResult<ImportReport>> {
  try {
    return request(
      staffApi.POST('/api/v1/imports/{kind}', {
        params: { path: { kind }, query: { dry_run: dryRun } },
        // The schema types the body as the CSV text; a File is that text's bytes.
        body: file as unknown as string,
        bodySerializer: (body) => body,
        headers: { 'Content-Type': 'text/csv' },
      }),
    );
  } catch (error) {
    return Promise.resolve({ ok: false, error: toUiError(error) });
  }
}
