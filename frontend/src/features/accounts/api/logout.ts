import { api, request, type UiError } from '@/api/client';
import { session } from '@/lib/session';

/**
 * 退出登录: `DELETE /api/v1/sessions/current`. This browser forgets its tokens whatever the
 * answer — someone leaving a shared computer must be logged out even if the network is down.
 */
export async function logout(): Promise<void> {
  if (session.isLoggedIn()) await request(api.DELETE('/api/v1/sessions/current'));
  session.clear('logout');
}

/**
 * Before a new login in this browser: ends the current session on the server (whatever the
 * answer), so a student who forgot to log out is logged out by the next one. The tokens are
 * replaced by the caller, which the other tabs follow at once.
 */
export async function endPreviousSession(): Promise<void> {
  if (session.isLoggedIn()) await request(api.DELETE('/api/v1/sessions/current'));
}

/**
 * 退出所有设备: `DELETE /api/v1/sessions`. Without an answer nothing is known to have ended, so
 * the session is kept and the error returned (the student is told, and can try again).
 */
export async function logoutEverywhere(): Promise<{ ok: true } | { ok: false; error: UiError }> {
  const outcome = await request(api.DELETE('/api/v1/sessions'));
  if (!outcome.ok && outcome.error.status === undefined) return { ok: false, error: outcome.error };
  session.clear('logout');
  return { ok: true };
}
