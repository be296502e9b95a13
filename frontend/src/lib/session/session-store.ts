import createClient from 'openapi-fetch';

import type { components, paths } from '@/api/schema';

export type SessionTokens = Pick<components['schemas']['SessionTokensBody'], 'access_token' | 'refresh_token'> &
  Partial<Pick<components['schemas']['SessionTokensBody'], 'session_expires_at'>>;

/**
 * Why a session ended: `expired` (the server refused its tokens: refresh failed, session revoked),
 * `logout` (this tab logged out), `elsewhere` (another tab of this browser logged out),
 * `switched` (another tab of this browser logged in, as someone else or again).
 */
export type SessionEndReason = 'expired' | 'logout' | 'elsewhere' | 'switched';

/** Storage keys (documented in frontend/README.md). */
export const STORAGE_KEYS = {
  /** sessionStorage: the access token, so that a reload of this tab keeps the login. */
  access: 'xuexin.session.access_token',
  /** localStorage: the refresh token, shared by the tabs of this browser. */
  refresh: 'xuexin.session.refresh_token',
  /** localStorage: a random id of the login, new at every login, so each tab sees a login elsewhere. */
  login: 'xuexin.session.login',
  /** localStorage: `1` when the student ticked 记住我; otherwise the login ends with the browser. */
  remember: 'xuexin.session.remember',
  /** localStorage: the value of the browser-life cookie when the login started. */
  browser: 'xuexin.session.browser',
  /** localStorage: when the server ends the session at the latest (RFC 3339), to tell the student. */
  ends: 'xuexin.session.expires_at',
  /** sessionStorage: the registration token of an unfinished registration. */
  registration: 'xuexin.registration_token',
} as const;

const REFRESH_LOCK = 'xuexin.session.refresh';

/** The cookie that marks one run of the browser: no expiry, so quitting the browser deletes it. */
export const BROWSER_COOKIE = 'xuexin_browser';

/** Reads and writes the browser-life cookie. */
export interface BrowserCookie {
  get(): string | null;
  set(value: string): void;
}

function documentCookie(): BrowserCookie | null {
  if (typeof document === 'undefined') return null;
  return {
    get() {
      const pair = document.cookie.split('; ').find((p) => p.startsWith(`${BROWSER_COOKIE}=`));
      return pair ? pair.slice(BROWSER_COOKIE.length + 1) : null;
    },
    set(value: string) {
      document.cookie = `${BROWSER_COOKIE}=${value}; path=/; SameSite=Strict`;
    },
  };
}

function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface SessionStoreOptions {
  /** Where the refresh token lives (`localStorage`); `null` keeps it in memory only. */
  local?: Storage | null;
  /** Where the access and registration tokens live (`sessionStorage`); `null`: memory only. */
  session?: Storage | null;
  /** Origin of the API. */
  baseUrl?: string;
  fetch?: (request: Request) => Promise<Response>;
  /** Web Locks, to keep two tabs from spending the same refresh token; optional. */
  locks?: LockManagerLike | null;
  /** The browser-life cookie (`document.cookie`); `null`: logins without 记住我 are not checked. */
  cookie?: BrowserCookie | null;
}

/** Thrown when the tokens could not be renewed for a reason other than a refused token (network, 5xx). */
export class RefreshUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RefreshUnavailableError';
  }
}

/** A storage that may be missing or refuse (private mode, quota): then memory is used. */
class Slot {
  #memory: string | null = null;
  #storage: Storage | null;
  #key: string;

  constructor(storage: Storage | null, key: string) {
    this.#storage = storage;
    this.#key = key;
  }

  get(): string | null {
    try {
      if (this.#storage) return this.#storage.getItem(this.#key);
    } catch {
      /* fall back to memory */
    }
    return this.#memory;
  }

  set(value: string | null) {
    this.#memory = value;
    try {
      if (value === null) this.#storage?.removeItem(this.#key);
      else this.#storage?.setItem(this.#key, value);
    } catch {
      /* memory only */
    }
  }
}

function defaultStorage(name: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return globalThis[name] ?? null;
  } catch {
    return null;
  }
}

/**
 * The one owner of the login tokens. The access token is kept in memory (and in
 * sessionStorage, so a reload keeps it); the refresh token in localStorage, shared by the tabs;
 * the registration token separately in sessionStorage. `refresh()` renews both tokens with
 * `POST /api/v1/sessions/refresh`; concurrent calls share one request.
 *
 * A login without 记住我 lasts only as long as the browser runs: it notes the value of a cookie
 * without expiry (deleted when the browser quits), and a store that finds the refresh token but not
 * that cookie forgets the tokens and ends the session on the server.
 */
export class SessionStore {
  #access: Slot;
  #refresh: Slot;
  #registration: Slot;
  #login: Slot;
  #remember: Slot;
  #browser: Slot;
  #ends: Slot;
  #cookie: BrowserCookie | null;
  /** The login this tab's access token belongs to. */
  #loginId: string | null;
  /** The access token in memory; `undefined` until first read from sessionStorage. */
  #accessMemo: string | null | undefined;
  #inflight: Promise<string | null> | null = null;
  #listeners = new Set<() => void>();
  #endListeners = new Set<(reason: SessionEndReason) => void>();
  #client: ReturnType<typeof createClient<paths>>;
  #locks: LockManagerLike | null;

  constructor(options: SessionStoreOptions = {}) {
    const local = options.local === undefined ? defaultStorage('localStorage') : options.local;
    const session = options.session === undefined ? defaultStorage('sessionStorage') : options.session;
    this.#access = new Slot(session, STORAGE_KEYS.access);
    this.#refresh = new Slot(local, STORAGE_KEYS.refresh);
    this.#registration = new Slot(session, STORAGE_KEYS.registration);
    this.#login = new Slot(local, STORAGE_KEYS.login);
    this.#remember = new Slot(local, STORAGE_KEYS.remember);
    this.#browser = new Slot(local, STORAGE_KEYS.browser);
    this.#ends = new Slot(local, STORAGE_KEYS.ends);
    this.#cookie = options.cookie === undefined ? documentCookie() : options.cookie;
    this.#loginId = this.#login.get();
    const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    // A client of its own, without the auth middleware (which calls `refresh()`).
    this.#client = createClient<paths>({ baseUrl: options.baseUrl ?? globalThis.location?.origin ?? '', fetch: fetchImpl });
    this.#locks =
      options.locks === undefined ? ((globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks ?? null) : options.locks;
    this.#forgetIfTheBrowserWasClosed();
  }

  /** Whether the login of this browser was started with 记住我. */
  remembered(): boolean {
    return this.#remember.get() === '1';
  }

  /** When the server ends this session at the latest (fixed at login), if known. */
  sessionEndsAt(): string | null {
    return this.#ends.get();
  }

  accessToken(): string | null {
    if (this.#accessMemo === undefined) this.#accessMemo = this.#access.get();
    return this.#accessMemo;
  }

  /** Read from storage each time: another tab may have renewed it. */
  refreshToken(): string | null {
    return this.#refresh.get();
  }

  isLoggedIn(): boolean {
    return this.accessToken() !== null || this.refreshToken() !== null;
  }

  /**
   * Starts a session after a login; an unfinished registration's token is dropped. Without
   * `remember` (记住我) the session ends when the browser quits.
   */
  start(tokens: SessionTokens, remember = false) {
    this.#setTokens(tokens);
    this.#remember.set(remember ? '1' : null);
    const marker = this.#cookie?.get() ?? randomId();
    this.#cookie?.set(marker);
    // Cookies blocked: nothing tells a restart from a reload, so only the server's limits apply.
    this.#browser.set(this.#cookie?.get() === marker ? marker : null);
    this.#registration.set(null);
    // Written last: the other tabs take this key's change as "someone logged in here".
    this.#loginId = randomId();
    this.#login.set(this.#loginId);
    this.#notify();
  }

  /** Forgets the tokens of this browser (the server side is the caller's business). */
  clear(reason: SessionEndReason) {
    const had = this.isLoggedIn();
    this.#forgetTokens();
    if (!had) return;
    this.#notify();
    for (const listener of [...this.#endListeners]) listener(reason);
  }

  registrationToken(): string | null {
    return this.#registration.get();
  }

  setRegistrationToken(token: string | null) {
    this.#registration.set(token);
  }

  /**
   * Renews the tokens. Resolves with the new access token, or `null` when the server refused the
   * refresh token (the session is then cleared, reason `expired`). Rejects with
   * `RefreshUnavailableError` when there was no usable answer (network, 5xx): the session stays.
   */
  refresh(): Promise<string | null> {
    this.#inflight ??= this.#withLock(() => this.#refreshNow()).finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  /** For `useSyncExternalStore`: called whenever `isLoggedIn()` may have changed. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Called when a session ends, with the reason. */
  onEnd(listener: (reason: SessionEndReason) => void): () => void {
    this.#endListeners.add(listener);
    return () => this.#endListeners.delete(listener);
  }

  /**
   * Follows the other tabs of this browser: a login there shows here; a logout there (the refresh
   * token removed) ends the session here too.
   */
  handleStorageEvent = (event: StorageEvent) => {
    if (event.key === STORAGE_KEYS.login && event.newValue !== null && event.newValue !== this.#loginId) {
      this.#followLoginElsewhere(event.newValue);
      return;
    }
    if (event.key !== STORAGE_KEYS.refresh && event.key !== null) return;
    if (event.newValue === null && this.refreshToken() === null && this.accessToken() !== null) {
      this.clear('elsewhere');
    } else {
      this.#notify();
    }
  };

  /**
   * Another tab logged in: this tab's access token belongs to the previous login (maybe another
   * student), so it is dropped at once; the next request renews with the new refresh token.
   */
  #followLoginElsewhere(loginId: string) {
    const hadOther = this.#loginId !== null && this.accessToken() !== null;
    this.#loginId = loginId;
    this.#accessMemo = null;
    this.#access.set(null);
    this.#notify();
    if (hadOther) for (const listener of [...this.#endListeners]) listener('switched');
  }

  #forgetTokens() {
    this.#accessMemo = null;
    this.#loginId = null;
    this.#access.set(null);
    this.#refresh.set(null);
    this.#login.set(null);
    this.#remember.set(null);
    this.#browser.set(null);
    this.#ends.set(null);
  }

  /**
   * A login without 记住我 whose browser-life cookie is gone was made before the browser last quit:
   * forget it here and end it on the server (best effort: the server's idle limit ends it anyway).
   */
  #forgetIfTheBrowserWasClosed() {
    const refreshToken = this.#refresh.get();
    if (refreshToken === null || this.remembered() || this.#cookie === null) return;
    const marker = this.#browser.get();
    if (marker === null || this.#cookie.get() === marker) return;
    this.#forgetTokens();
    void this.#endOnServer(refreshToken);
  }

  async #endOnServer(refreshToken: string) {
    try {
      const { data } = await this.#client.POST('/api/v1/sessions/refresh', { body: { refresh_token: refreshToken } });
      if (!data) return;
      await this.#client.DELETE('/api/v1/sessions/current', { headers: { Authorization: `Bearer ${data.access_token}` } });
    } catch {
      /* offline: the server's idle limit ends the session */
    }
  }

  #setTokens(tokens: SessionTokens) {
    this.#accessMemo = tokens.access_token;
    this.#access.set(tokens.access_token);
    this.#refresh.set(tokens.refresh_token);
    if (tokens.session_expires_at) this.#ends.set(tokens.session_expires_at);
  }

  #notify() {
    for (const listener of [...this.#listeners]) listener();
  }

  #withLock<T>(run: () => Promise<T>): Promise<T> {
    // Another tab renewing at the same moment would spend the same refresh token, which the
    // server takes for theft (and ends the session): take turns, and re-read the token inside.
    if (!this.#locks) return run();
    return this.#locks.request(REFRESH_LOCK, run);
  }

  async #refreshNow(): Promise<string | null> {
    const refreshToken = this.refreshToken();
    if (refreshToken === null) {
      this.clear('expired');
      return null;
    }
    let result;
    try {
      result = await this.#client.POST('/api/v1/sessions/refresh', { body: { refresh_token: refreshToken } });
    } catch (error) {
      throw new RefreshUnavailableError('the session could not be renewed (no answer)', { cause: error });
    }
    const { data, response } = result;
    if (response.ok && data) {
      this.#setTokens(data);
      this.#notify();
      return data.access_token;
    }
    if (response.status === 400 || response.status === 401 || response.status === 422) {
      this.clear('expired');
      return null;
    }
    throw new RefreshUnavailableError(`the session could not be renewed (HTTP ${response.status})`);
  }
}
