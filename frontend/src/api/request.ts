import { toUiError, type UiError } from './problem';

/** What a screen gets from one API call: the data, or an error ready to show. */
export type ApiResult<T> = { ok: true; data: T; response: Response } | { ok: false; error: UiError };

/**
 * Runs an openapi-fetch call and folds its three outcomes (2xx, an error answer, no answer)
 * into an `ApiResult`. Aborted calls reject, so callers can tell them apart from failures.
 */
export async function request<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<ApiResult<T>> {
  let outcome: { data?: T; error?: unknown; response: Response };
  try {
    outcome = await call;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { ok: false, error: toUiError(error) };
  }
  const { data, error, response } = outcome;
  if (response.ok) return { ok: true, data: data as T, response };
  return { ok: false, error: toUiError(error, response) };
}
