import createClient from 'openapi-fetch';

import type { components, paths } from '@/api/schema';

export type SessionTokens = Pick<components['schemas']['SessionTokensBody'], 'access_token' | 'refresh_token'>;

/**
 * Why a session ended: `expired` (the server refused its tokens: refresh failed, session revoked),
 * `logout` (this tab logged out), `elsewhere` (another tab of this browser logged out).
 */
export type SessionEndReason = 'expired' | 'logout' | 'elsewhere';

/** Storage keys (documented in frontend/README.md). */
export const STORAGE_KEYS = {
  /** sessionStorage: the access token, so that a reload of this tab keeps the login. */
  access: 'xuexin.session.access_token',
  /** localStorage: the refresh token, shared by the tabs of this browser. */
  refresh: 'xuexin.session.refresh_token',
  /** sessionStorage: the registration token of an unfinished registration. */
  registration: 'xuexin.registration_token',
} as const;

const REFRESH_LOCK = 'xuexin.session.refresh';

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
 * sessionStorage, so a reload keeps it); the refresh token in localStorage; the registration
 * token separately in sessionStorage. `refresh()` renews both tokens with
 * `POST /api/v1/sessions/refresh`; concurrent calls share one request.
 */
export class SessionStore {
  #access: Slot;
  #refresh: Slot;
  #registration: Slot;
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
    const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    // A client of its own, without the auth middleware (which calls `refresh()`).
    this.#client = createClient<paths>({ baseUrl: options.baseUrl ?? globalThis.location?.origin ?? '', fetch: fetchImpl });
    this.#locks =
      options.locks === undefined ? ((globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks ?? null) : options.locks;
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

  /** Starts a session after a login; an unfinished registration's token is dropped. */
  start(tokens: SessionTokens) {
    this.#setTokens(tokens);
    this.#registration.set(null);
    this.#notify();
  }

  /** Forgets the tokens of this browser (the server side is the caller's business). */
  clear(reason: SessionEndReason) {
    const had = this.isLoggedIn();
    this.#accessMemo = null;
    this.#access.set(null);
    this.#refresh.set(null);
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
    if (event.key !== STORAGE_KEYS.refresh && event.key !== null) return;
    if (event.newValue === null && this.refreshToken() === null && this.accessToken() !== null) {
      this.clear('elsewhere');
    } else {
      this.#notify();
    }
  };

  #setTokens(tokens: SessionTokens) {
    this.#accessMemo = tokens.access_token;
    this.#access.set(tokens.access_token);
    this.#refresh.set(tokens.refresh_token);
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
