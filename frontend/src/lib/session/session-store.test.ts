import { describe, expect, it, vi } from 'vitest';

import { json, problem } from '@/testing/http';
import { MemoryStorage } from '@/testing/memory-storage';

import { RefreshUnavailableError, SessionStore, STORAGE_KEYS, type BrowserCookie } from './session-store';

const BASE = 'http://xuexin.test';

type Locks = { request: <T>(name: string, callback: () => Promise<T>) => Promise<T> };

function setup(answers: Array<(request: Request) => Response | Promise<Response>> = [], locks: Locks | null = null) {
  const local = new MemoryStorage();
  const session = new MemoryStorage();
  const fetch = vi.fn<(request: Request) => Promise<Response>>();
  for (const answer of answers) fetch.mockImplementationOnce(async (request) => answer(request));
  const store = new SessionStore({ local, session, baseUrl: BASE, fetch, locks });
  const ended = vi.fn();
  store.onEnd(ended);
  return { store, local, session, fetch, ended };
}

const tokens = (n: number) => ({ access_token: `access-${n}`, refresh_token: `refresh-${n}`, token_type: 'Bearer', expires_in: 900 });

async function bodyOf(request: Request) {
  return JSON.parse(await request.clone().text()) as unknown;
}

describe('SessionStore', () => {
  it('keeps the access token in sessionStorage, the refresh token in localStorage, the registration token apart', () => {
    const { store, local, session } = setup();
    expect(store.isLoggedIn()).toBe(false);
    store.setRegistrationToken('reg-1');
    expect(session.getItem(STORAGE_KEYS.registration)).toBe('reg-1');

    store.start(tokens(1));
    expect(store.isLoggedIn()).toBe(true);
    expect(session.getItem(STORAGE_KEYS.access)).toBe('access-1');
    expect(local.getItem(STORAGE_KEYS.refresh)).toBe('refresh-1');
    expect(local.getItem(STORAGE_KEYS.access)).toBeNull();
    // A finished login replaces an unfinished registration.
    expect(store.registrationToken()).toBeNull();

    store.clear('logout');
    expect(store.isLoggedIn()).toBe(false);
    expect(session.length + local.length).toBe(0);
  });

  it('survives a reload: a new store reads the tokens back', () => {
    const { store, local, session } = setup();
    store.start(tokens(1));
    const reloaded = new SessionStore({ local, session, baseUrl: BASE, fetch: vi.fn(), locks: null });
    expect(reloaded.accessToken()).toBe('access-1');
    expect(reloaded.refreshToken()).toBe('refresh-1');
  });

  it('renews both tokens with the refresh token (rotation)', async () => {
    const { store, fetch, local } = setup([() => json(200, tokens(2))]);
    store.start(tokens(1));
    const listener = vi.fn();
    store.subscribe(listener);
    await expect(store.refresh()).resolves.toBe('access-2');
    const request = fetch.mock.calls[0]![0];
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${BASE}/api/v1/sessions/refresh`);
    expect(await bodyOf(request)).toEqual({ refresh_token: 'refresh-1' });
    expect(store.accessToken()).toBe('access-2');
    expect(local.getItem(STORAGE_KEYS.refresh)).toBe('refresh-2');
    expect(listener).toHaveBeenCalled();
  });

  it('de-duplicates concurrent refreshes into one request', async () => {
    let answer!: (response: Response) => void;
    const { store, fetch } = setup([() => new Promise<Response>((resolve) => (answer = resolve))]);
    store.start(tokens(1));
    const all = Promise.all([store.refresh(), store.refresh(), store.refresh()]);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    answer(json(200, tokens(2)));
    await expect(all).resolves.toEqual(['access-2', 'access-2', 'access-2']);
    expect(fetch).toHaveBeenCalledTimes(1);

    // Once settled, a later refresh is a new request (with the rotated token).
    fetch.mockImplementationOnce(async () => json(200, tokens(3)));
    await expect(store.refresh()).resolves.toBe('access-3');
    expect(await bodyOf(fetch.mock.calls[1]![0])).toEqual({ refresh_token: 'refresh-2' });
  });

  it('clears the session when the server refuses the refresh token', async () => {
    const { store, ended, local, session } = setup([
      () => problem(401, 'refresh_token_reused', '此登录凭证已被使用过，为了安全已退出该会话，请重新登录。'),
    ]);
    store.start(tokens(1));
    await expect(store.refresh()).resolves.toBeNull();
    expect(store.isLoggedIn()).toBe(false);
    expect(local.length + session.length).toBe(0);
    expect(ended).toHaveBeenCalledExactlyOnceWith('expired');
  });

  it('keeps the session when there is no usable answer', async () => {
    const { store, ended } = setup([
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => new Response('Bad Gateway', { status: 502 }),
    ]);
    store.start(tokens(1));
    await expect(store.refresh()).rejects.toBeInstanceOf(RefreshUnavailableError);
    await expect(store.refresh()).rejects.toBeInstanceOf(RefreshUnavailableError);
    expect(store.refreshToken()).toBe('refresh-1');
    expect(ended).not.toHaveBeenCalled();
  });

  it('takes the Web Lock and reads the refresh token inside it (another tab may have renewed it)', async () => {
    const lockNames: string[] = [];
    const locks = {
      async request<T>(name: string, callback: () => Promise<T>) {
        lockNames.push(name);
        // Meanwhile the other tab renewed: it stored refresh-5.
        local.setItem(STORAGE_KEYS.refresh, 'refresh-5');
        return callback();
      },
    };
    const { store, fetch, local } = setup([() => json(200, tokens(6))], locks);
    store.start(tokens(1));
    await store.refresh();
    expect(lockNames).toEqual(['xuexin.session.refresh']);
    expect(await bodyOf(fetch.mock.calls[0]![0])).toEqual({ refresh_token: 'refresh-5' });
  });

  it('ends here too when another tab logs out, and only says so once', () => {
    const { store, local, ended } = setup();
    store.start(tokens(1));
    local.removeItem(STORAGE_KEYS.refresh);
    store.handleStorageEvent(new StorageEvent('storage', { key: STORAGE_KEYS.refresh, oldValue: 'refresh-1', newValue: null }));
    expect(store.isLoggedIn()).toBe(false);
    expect(ended).toHaveBeenCalledExactlyOnceWith('elsewhere');
    store.clear('logout');
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('forgets a login without 记住我 once the browser has quit (its cookie is gone), and ends it on the server', async () => {
    const cookie = memoryCookie();
    const { store, local, session } = setupWith(cookie);
    store.start(tokens(1));
    expect(local.getItem(STORAGE_KEYS.remember)).toBeNull();
    const survivor = new SessionStore({ local, session, baseUrl: BASE, fetch: vi.fn(), locks: null, cookie });
    expect(survivor.refreshToken()).toBe('refresh-1'); // the same browser run (another tab, a reload)

    cookie.value = null; // the browser quit: cookies without expiry are gone, localStorage is not
    const fetch = vi.fn<(request: Request) => Promise<Response>>();
    fetch.mockImplementationOnce(async () => json(200, tokens(2)));
    fetch.mockImplementationOnce(async () => new Response(null, { status: 204 }));
    const next = new SessionStore({ local, session: new MemoryStorage(), baseUrl: BASE, fetch, locks: null, cookie });
    expect(next.isLoggedIn()).toBe(false);
    expect(local.length).toBe(0);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    const [renew, end] = fetch.mock.calls.map((call) => call[0]);
    expect(await bodyOf(renew!)).toEqual({ refresh_token: 'refresh-1' });
    expect([end!.method, new URL(end!.url).pathname, end!.headers.get('Authorization')]).toEqual([
      'DELETE',
      '/api/v1/sessions/current',
      'Bearer access-2',
    ]);
  });

  it('with cookies blocked keeps a login across reloads (the server limits it)', () => {
    const blocked = { get: () => null, set: () => {} };
    const { store, local, session } = setupWith(blocked);
    store.start(tokens(1));
    const reloaded = new SessionStore({ local, session, baseUrl: BASE, fetch: vi.fn(), locks: null, cookie: blocked });
    expect(reloaded.refreshToken()).toBe('refresh-1');
  });

  it('keeps a login with 记住我 after the browser has quit', () => {
    const cookie = memoryCookie();
    const { store, local } = setupWith(cookie);
    store.start(tokens(1), true);
    cookie.value = null;
    const next = new SessionStore({ local, session: new MemoryStorage(), baseUrl: BASE, fetch: vi.fn(), locks: null, cookie });
    expect(next.refreshToken()).toBe('refresh-1');
    expect(next.remembered()).toBe(true);
  });

  it('follows a login in another tab at once: the old access token is dropped and the screen told', () => {
    const { store, local, session, ended } = setup();
    store.start(tokens(1));
    const other = new SessionStore({ local, session: new MemoryStorage(), baseUrl: BASE, fetch: vi.fn(), locks: null });
    other.start(tokens(7));
    store.handleStorageEvent(new StorageEvent('storage', { key: STORAGE_KEYS.refresh, newValue: 'refresh-7' }));
    store.handleStorageEvent(new StorageEvent('storage', { key: STORAGE_KEYS.login, newValue: local.getItem(STORAGE_KEYS.login) }));
    expect(store.accessToken()).toBeNull();
    expect(session.getItem(STORAGE_KEYS.access)).toBeNull();
    expect(store.refreshToken()).toBe('refresh-7');
    expect(ended).toHaveBeenCalledExactlyOnceWith('switched');
  });
});

function memoryCookie() {
  const jar = {
    value: null as string | null,
    get: () => jar.value,
    set: (value: string) => {
      jar.value = value;
    },
  };
  return jar;
}

function setupWith(cookie: BrowserCookie) {
  const local = new MemoryStorage();
  const session = new MemoryStorage();
  const store = new SessionStore({ local, session, baseUrl: BASE, fetch: vi.fn(), locks: null, cookie });
  return { store, local, session };
}
