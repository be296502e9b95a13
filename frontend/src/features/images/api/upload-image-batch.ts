import { toUiError } from '@/api/problem';
import { request, type ApiResult } from '@/api/request';
import { staffApi } from '@/api/staff-client';

import type { BatchReport } from './types';

/**
 * `POST /api/v1/image-batches`: the ZIP file itself is the body (`application/zip`, not a form),
 * whatever type the browser gave the file. 201: what was stored and every refused manifest line;
 * 422: the whole batch is refused (not a ZIP, path traversal, too many files, zip bomb, manifest
 * missing or wrong); 413: too large.
 */
export function uploadImageBatch(file: Blob): Promise<ApiResult<BatchReport>> {
  try {
    return request(
      staffApi.POST('/api/v1/image-batches', {
        // The schema types the body as a binary string; a File is those bytes.
        body: file as unknown as string,
        bodySerializer: (body) => body,
        headers: { 'Content-Type': 'application/zip' },
      }),
    );
  } catch (error) {
    return Promise.resolve({ ok: false, error: toUiError(error) });
  }
}
