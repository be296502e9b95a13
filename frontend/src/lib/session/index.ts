import { useSyncExternalStore } from 'react';

import { SessionStore } from './session-store';

export type { SessionEndReason, SessionTokens } from './session-store';
export { RefreshUnavailableError, SessionStore, STORAGE_KEYS } from './session-store';

/** The session of this tab: the one place the SPA keeps login and registration tokens. */
export const session = new SessionStore();

if (typeof window !== 'undefined') window.addEventListener('storage', session.handleStorageEvent);

/** `true` while this browser holds a session (re-renders on login, logout, other tabs). */
export function useLoggedIn(store: SessionStore = session): boolean {
  return useSyncExternalStore(store.subscribe, () => store.isLoggedIn());
}
