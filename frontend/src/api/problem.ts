/**
 * Errors from `/api/v1/...` are RFC 9457 problem details (`application/problem+json`).
 * `toUiError` turns whatever a request failed with (a problem body, some other body, or a
 * network error) into what a screen shows: one message, and messages per input keyed by `field`.
 */

export interface ProblemFieldError {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: ProblemFieldError[];
}

export interface UiError {
  /** A sentence for the top of the form or panel. */
  message: string;
  /** Messages for single inputs, keyed by the problem's `errors[].field`. */
  fields: Record<string, string>;
  /** HTTP status, when there was a response. */
  status?: number;
  /** The problem's machine-readable `code`, for screens that react to a specific error. */
  code?: string;
  /** From `Retry-After` (429 and the like): seconds to wait before trying again. */
  retryAfterSeconds?: number;
}

export const NETWORK_ERROR_MESSAGE = '无法连接服务器，请检查网络后重试。';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A body that looks like a problem: has a `detail` or `title` text. */
export function isProblem(value: unknown): value is Problem {
  return isRecord(value) && (typeof value.detail === 'string' || typeof value.title === 'string');
}

function fallbackMessage(status: number | undefined): string {
  if (status === undefined) return NETWORK_ERROR_MESSAGE;
  if (status === 429) return '操作太频繁，请稍后再试。';
  if (status >= 500) return `服务器暂时出了问题（HTTP ${status}），请稍后重试。`;
  return `请求未成功（HTTP ${status}），请稍后重试。`;
}

/** `Retry-After` in seconds: a number of seconds or an HTTP date (RFC 9110). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * "请在 N 分钟后再试。", minutes rounded up (at least 1); beyond an hour in hours
 * ("请在 N 小时后再试。"), so that a daily limit does not read "1440 分钟".
 */
export function waitMessage(seconds: number): string {
  if (seconds > 3600) return `请在 ${Math.ceil(seconds / 3600)} 小时后再试。`;
  return `请在 ${Math.max(1, Math.ceil(seconds / 60))} 分钟后再试。`;
}

/**
 * @param error    what the request failed with: openapi-fetch's `error` (the parsed body), or a thrown error
 * @param response the response, when there was one (`undefined` for network errors)
 */
export function toUiError(error: unknown, response?: Response): UiError {
  const status = response?.status;
  const retryAfterSeconds = parseRetryAfter(response?.headers.get('Retry-After'));
  const retry = retryAfterSeconds !== undefined ? { retryAfterSeconds } : {};

  if (isProblem(error)) {
    const fields: Record<string, string> = {};
    for (const item of Array.isArray(error.errors) ? (error.errors as unknown[]) : []) {
      if (!isRecord(item) || typeof item.field !== 'string' || typeof item.message !== 'string') continue;
      const previous = fields[item.field];
      fields[item.field] = previous ? `${previous}；${item.message}` : item.message;
    }
    const problemStatus = typeof error.status === 'number' ? error.status : status;
    const detail = typeof error.detail === 'string' ? error.detail.trim() : '';
    const title = typeof error.title === 'string' ? error.title.trim() : '';
    return {
      message: detail || title || fallbackMessage(problemStatus),
      fields,
      ...(problemStatus !== undefined && { status: problemStatus }),
      ...(typeof error.code === 'string' && { code: error.code }),
      ...retry,
    };
  }

  return {
    message: fallbackMessage(status),
    fields: {},
    ...(status !== undefined && { status }),
    ...retry,
  };
}

/** The message for one input, if the server had one. */
export function fieldError(error: UiError | null | undefined, field: string): string | undefined {
  return error?.fields[field];
}
