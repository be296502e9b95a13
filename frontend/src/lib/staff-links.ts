/** Paths of the staff screens that link to one another across modules (在校生 ↔ 更正申请). */

/** A record's page (`/staff/enrollments/:id`). */
export const enrollmentPath = (id: string) => `/staff/enrollments/${encodeURIComponent(id)}`;

/** A change request's page (`/staff/change-requests/:id`). */
export const changeRequestPath = (id: string) => `/staff/change-requests/${encodeURIComponent(id)}`;

/** Where a staff page came from, handed over in the router state (`{ backTo }`): a local `/staff…` path. */
export function readBackTo(state: unknown, fallback: string): string {
  if (typeof state !== 'object' || state === null) return fallback;
  const { backTo } = state as Record<string, unknown>;
  return typeof backTo === 'string' && backTo.startsWith('/staff') && !backTo.startsWith('//') ? backTo : fallback;
}
