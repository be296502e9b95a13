import { useSyncExternalStore } from 'react';

import type { components } from '@/api/schema';
import { forgetPrivateFilters } from '@/lib/private-filters';

export type StaffView = components['schemas']['StaffView'];
export type StaffSessionBody = components['schemas']['StaffSessionBody'];
export type StaffRole = components['schemas']['Role'];

/** Why a staff session ended: the server refused the token (or its 8 hours are over), or 退出. */
export type StaffEndReason = 'expired' | 'logout';

/** sessionStorage key of the staff session (the token, when it ends, who it is). */
export const STAFF_STORAGE_KEY = 'xuexin.staff.session';

interface Stored {
  access_token: string;
  /** `Date.now()` when the token expires. */
  expires_at: number;
  staff: StaffView;
}

function parse(text: string | null): Stored | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<Stored>;
    if (typeof value.access_token !== 'string' || typeof value.expires_at !== 'number') return null;
    if (typeof value.staff !== 'object' || value.staff === null || typeof value.staff.role !== 'string') return null;
    return value as Stored;
  } catch {
    return null;
  }
}

function defaultStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/**
 * The staff session of this tab: separate from the student's (`lib/session`), kept in memory and
 * mirrored in `sessionStorage` so a reload keeps it; it does not outlive the tab. Staff tokens
 * last 8 hours and are not renewed: when they expire (or the server answers 401) the session
 * ends and the staff screens go back to the staff tab of `/login`.
 */
export class StaffSessionStore {
  #storage: Storage | null;
  #now: () => number;
  #current: Stored | null;
  #listeners = new Set<() => void>();
  #endListeners = new Set<(reason: StaffEndReason) => void>();

  constructor(storage: Storage | null = defaultStorage(), now: () => number = Date.now) {
    this.#storage = storage;
    this.#now = now;
    let text: string | null = null;
    try {
      text = storage?.getItem(STAFF_STORAGE_KEY) ?? null;
    } catch {
      /* storage refused: memory only */
    }
    this.#current = parse(text);
  }

  #write(value: Stored | null) {
    this.#current = value;
    try {
      if (value) this.#storage?.setItem(STAFF_STORAGE_KEY, JSON.stringify(value));
      else this.#storage?.removeItem(STAFF_STORAGE_KEY);
    } catch {
      /* memory only */
    }
    for (const listener of [...this.#listeners]) listener();
  }

  /** After `POST /api/v1/staff/sessions`. */
  start(body: StaffSessionBody) {
    this.#write({ access_token: body.access_token, expires_at: this.#now() + body.expires_in * 1000, staff: body.staff });
  }

  /** The token, while it has not expired; an expired one ends the session. */
  token(): string | null {
    const current = this.#current;
    if (!current) return null;
    if (current.expires_at <= this.#now()) {
      this.clear('expired');
      return null;
    }
    return current.access_token;
  }

  isLoggedIn(): boolean {
    return this.token() !== null;
  }

  /** Who is logged in, as the login (or the last `GET /api/v1/staff/me`) said; `null` without a session. */
  staff(): StaffView | null {
    return this.#current?.staff ?? null;
  }

  /** Keeps what `GET /api/v1/staff/me` answered (the role may have changed since the login). */
  setStaff(staff: StaffView) {
    const current = this.#current;
    if (current) this.#write({ ...current, staff });
  }

  /** Forgets the session; listeners of `onEnd` hear why. */
  clear(reason: StaffEndReason) {
    if (!this.#current) return;
    this.#write(null);
    forgetPrivateFilters();
    for (const listener of [...this.#endListeners]) listener(reason);
  }

  /** For `useSyncExternalStore`: called on every change. */
  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  };

  onEnd(listener: (reason: StaffEndReason) => void) {
    this.#endListeners.add(listener);
    return () => void this.#endListeners.delete(listener);
  }
}

/** The staff session of this tab. */
export const staffSession = new StaffSessionStore();

/** Who is logged in as staff (re-renders on login, logout, expiry). */
export function useStaff(store: StaffSessionStore = staffSession): StaffView | null {
  return useSyncExternalStore(store.subscribe, () => store.staff());
}
