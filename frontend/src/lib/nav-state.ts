/**
 * What one screen hands to the next through the router's `state` (kept in the history entry,
 * so a reload keeps it): a notice to show, an email to prefill, a countdown already running.
 */
export interface NavState {
  /** A sentence for the top of the next page (e.g. "你已退出登录。"). */
  notice?: string;
  /** An address to prefill. */
  email?: string;
  /** When the next "resend" is allowed, as a `Date.now()` timestamp. */
  resendAvailableAt?: number;
}

export function readNavState(state: unknown): NavState {
  if (typeof state !== 'object' || state === null) return {};
  const { notice, email, resendAvailableAt } = state as Record<string, unknown>;
  return {
    ...(typeof notice === 'string' && { notice }),
    ...(typeof email === 'string' && { email }),
    ...(typeof resendAvailableAt === 'number' && Number.isFinite(resendAvailableAt) && { resendAvailableAt }),
  };
}
