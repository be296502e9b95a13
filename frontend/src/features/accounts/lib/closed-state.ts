/** What 注销账号 hands to its confirmation page through the router's `state`. */
export interface ClosedState {
  /** When the personal details will be erased (ISO 8601). */
  erasedAfter: string;
}

export function readClosedState(state: unknown): ClosedState | null {
  if (typeof state !== 'object' || state === null) return null;
  const { erasedAfter } = state as Record<string, unknown>;
  return typeof erasedAfter === 'string' ? { erasedAfter } : null;
}
