import createClient from 'openapi-fetch';
import { describe, expect, it, vi } from 'vitest';

import { SessionStore, STORAGE_KEYS } from '@/lib/session/session-store';
import { json, noContent, problem } from '@/testing/http';
import { MemoryStorage } from '@/testing/memory-storage';

import { ACCESS_TOKEN_OPERATIONS, createAuthMiddleware } from './auth-middleware';
import type { paths } from './schema';
// The contract, as text (Vite's `?raw`), to check the list of secured operations against it.
import openapiYaml from '../../../openapi.yaml?raw';

const BASE = 'http://xuexin.test';
const me = { id: 'a1', email: 'li.ming@example.cn', status: 'active', created_at: '2026-09-01T08:00:00Z' };
const tokens = (n: number) => ({ access_token: `access-${n}`, refresh_token: `refresh-${n}`, token_type: 'Bearer', expires_in: 900 });
const expired = () => problem(401, 'token_expired', '登录已过期，请重新登录。');

/** A client with the middleware over a fake server: `handle` answers everything but the refresh. */
function setup(
  handle: (request: Request) => Response | Promise<Response>,
  refresh: () => Response | Promise<Response> = () => json(200, tokens(2)),
  local = new MemoryStorage(),
) {
  const seen: { key: string; authorization: string | null; body: string }[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    seen.push({ key: `${request.method} ${url.pathname}`, authorization: request.headers.get('Authorization'), body: await request.clone().text() });
    return url.pathname === '/api/v1/sessions/refresh' ? refresh() : handle(request);
  });
  const store = new SessionStore({ local, session: new MemoryStorage(), baseUrl: BASE, fetch, locks: null });
  const ended = vi.fn();
  store.onEnd(ended);
  const client = createClient<paths>({ baseUrl: BASE, fetch });
  client.use(createAuthMiddleware(store));
  const refreshes = () => seen.filter((s) => s.key === 'POST /api/v1/sessions/refresh').length;
  return { client, store, seen, ended, refreshes };
}

describe('auth middleware', () => {
  it('sends the access token to the operations that need it, the registration token to /registration, nothing elsewhere', async () => {
    const { client, store, seen } = setup((request) =>
      new URL(request.url).pathname === '/api/v1/me' ? json(200, me) : json(200, { email: me.email, status: 'activated' }),
    );
    store.start(tokens(1));
    store.setRegistrationToken('reg-1');
    await client.GET('/api/v1/me');
    await client.GET('/api/v1/registration');
    await client.POST('/api/v1/sessions', { body: { email: 'a@b.cn', password: 'x' } }).catch(() => {});
    expect(seen.map((s) => [s.key, s.authorization])).toEqual([
      ['GET /api/v1/me', 'Bearer access-1'],
      ['GET /api/v1/registration', 'Bearer reg-1'],
      ['POST /api/v1/sessions', null],
    ]);
  });

  it('on 401 token_expired renews once for concurrent calls and sends each call again', async () => {
    let refreshAnswer!: (response: Response) => void;
    const { client, store, seen, refreshes } = setup(
      (request) => {
        const auth = request.headers.get('Authorization');
        if (auth === 'Bearer access-1') return expired();
        return new URL(request.url).pathname === '/api/v1/me' ? json(200, me) : noContent();
      },
      () => new Promise<Response>((resolve) => (refreshAnswer = resolve)),
    );
    store.start(tokens(1));
    const calls = Promise.all([
      client.GET('/api/v1/me'),
      client.PUT('/api/v1/me/password', { body: { current_password: 'Old12345', new_password: 'New12345' } }),
      client.DELETE('/api/v1/sessions/current'),
    ]);
    await vi.waitFor(() => expect(refreshes()).toBe(1));
    refreshAnswer(json(200, tokens(2)));
    const [getMe, put, del] = await calls;
    expect(getMe.data).toEqual(me);
    expect(put.response.status).toBe(204);
    expect(del.response.status).toBe(204);
    expect(refreshes()).toBe(1);
    // The PUT was sent again with its body.
    const puts = seen.filter((s) => s.key === 'PUT /api/v1/me/password');
    expect(puts.map((p) => [p.authorization, JSON.parse(p.body)])).toEqual([
      ['Bearer access-1', { current_password: 'Old12345', new_password: 'New12345' }],
      ['Bearer access-2', { current_password: 'Old12345', new_password: 'New12345' }],
    ]);
    expect(store.accessToken()).toBe('access-2');
  });

  it('uses a token renewed meanwhile instead of renewing again', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { client, store, seen, refreshes } = setup(async (request) => {
      const path = new URL(request.url).pathname;
      if (request.headers.get('Authorization') !== 'Bearer access-1') return path === '/api/v1/me' ? json(200, me) : noContent();
      if (path === '/api/v1/sessions/current') await held; // answered only after the renewal is done
      return expired();
    });
    store.start(tokens(1));
    const late = client.DELETE('/api/v1/sessions/current');
    await client.GET('/api/v1/me'); // expired → renewed → access-2
    expect(refreshes()).toBe(1);
    release();
    expect((await late).response.status).toBe(204);
    expect(refreshes()).toBe(1);
    expect(seen.filter((s) => s.key === 'DELETE /api/v1/sessions/current').map((s) => s.authorization)).toEqual([
      'Bearer access-1',
      'Bearer access-2',
    ]);
  });

  it('clears the session when the renewal is refused, and the call gets its 401', async () => {
    const { client, store, ended } = setup(expired, () => problem(401, 'refresh_token_invalid', '登录已失效，请重新登录。'));
    store.start(tokens(1));
    const { error, response } = await client.GET('/api/v1/me');
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ code: 'token_expired' });
    expect(store.isLoggedIn()).toBe(false);
    expect(ended).toHaveBeenCalledExactlyOnceWith('expired');
  });

  it('does not renew on other 401s; it ends the session', async () => {
    const { client, store, ended, refreshes } = setup(() =>
      problem(401, 'session_revoked', '登录已失效（可能已退出登录或修改了密码），请重新登录。'),
    );
    store.start(tokens(1));
    const { response } = await client.GET('/api/v1/me');
    expect(response.status).toBe(401);
    expect(refreshes()).toBe(0);
    expect(ended).toHaveBeenCalledExactlyOnceWith('expired');
  });

  it('in a new tab with only the refresh token, renews before the call', async () => {
    const local = new MemoryStorage();
    local.setItem(STORAGE_KEYS.refresh, 'refresh-1'); // left by the tab that logged in (with 记住我)
    local.setItem(STORAGE_KEYS.remember, '1');
    const { client, store, seen } = setup(() => json(200, me), undefined, local);
    expect(store.isLoggedIn()).toBe(true);
    expect(store.accessToken()).toBeNull();
    await client.GET('/api/v1/me');
    expect(seen.map((s) => [s.key, s.authorization, s.body])).toEqual([
      ['POST /api/v1/sessions/refresh', null, JSON.stringify({ refresh_token: 'refresh-1' })],
      ['GET /api/v1/me', 'Bearer access-2', ''],
    ]);
  });

  it('lists exactly the operations that openapi.yaml secures with bearer (registration steps aside)', () => {
    const yaml = openapiYaml;
    const secured: string[] = [];
    let path = '';
    let method = '';
    let inSecurity = false;
    for (const line of yaml.split('\n')) {
      if (line.startsWith('components:')) break;
      const pathMatch = /^ {2}(\/\S*):\s*$/.exec(line);
      const methodMatch = /^ {4}(get|put|post|delete|patch):\s*$/.exec(line);
      if (pathMatch) path = pathMatch[1]!;
      else if (methodMatch) method = methodMatch[1]!.toUpperCase();
      else if (/^ {6}security:/.test(line)) inSecurity = true;
      else if (inSecurity && /^ {6}- bearer:/.test(line)) secured.push(`${method} ${path}`);
      else if (!/^ {6}-/.test(line)) inSecurity = false;
    }
    const withAccessToken = secured.filter((op) => !op.split(' ')[1]!.startsWith('/api/v1/registration'));
    expect(withAccessToken.length).toBeGreaterThan(0);
    expect([...ACCESS_TOKEN_OPERATIONS].sort()).toEqual(withAccessToken.sort());
  });
});
