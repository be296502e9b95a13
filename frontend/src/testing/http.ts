import { vi } from 'vitest';

/** A JSON answer. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

/** A problem+json answer, as the server sends errors. */
export function problem(
  status: number,
  code: string,
  detail: string,
  errors?: { field: string; code: string; message: string }[],
  headers: Record<string, string> = {},
) {
  return new Response(
    JSON.stringify({ type: `urn:xuexin:problem:${code}`, title: '错误', status, detail, code, ...(errors && { errors }) }),
    { status, headers: { 'Content-Type': 'application/problem+json', ...headers } },
  );
}

export const noContent = () => new Response(null, { status: 204 });

type Handler = (request: Request) => Response | Promise<Response>;

/**
 * Stubs the global `fetch` with a routing table `"METHOD /path" → handler`; each request is
 * recorded with its parsed JSON body. Unrouted requests fail the test.
 */
export function stubApi(routes: Record<string, Handler | Handler[]>) {
  const calls: { method: string; path: string; body: unknown; authorization: string | null; contentType?: string | null }[] = [];
  const queues = new Map(Object.entries(routes).map(([key, value]) => [key, Array.isArray(value) ? [...value] : value]));
  const fetch = vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}`;
    const text = request.body ? await request.clone().text() : '';
    const isJson = (request.headers.get('Content-Type') ?? '').includes('json');
    calls.push({
      method: request.method,
      path: url.pathname + url.search,
      // JSON bodies parsed; anything else (a CSV upload) as its text.
      body: text ? (isJson ? JSON.parse(text) : text) : undefined,
      authorization: request.headers.get('Authorization'),
      // Only for other bodies (a CSV upload), so the JSON calls compare as before.
      ...(text && !isJson && { contentType: request.headers.get('Content-Type') }),
    });
    const route = queues.get(key);
    if (!route) throw new Error(`unexpected request ${key}`);
    const handler = Array.isArray(route) ? (route.length > 1 ? route.shift() : route[0]) : route;
    if (!handler) throw new Error(`no more answers for ${key}`);
    return handler(request);
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, calls };
}
