/**
 * The state filter of 更正申请, in the URL (`?status=pending|…|all&page=`): a reviewer opens
 * their queue (待审核) by default, a school admin all of their requests.
 */
import type { ChangeRequestStatus } from '../api/types';
import { isChangeRequestStatus } from './labels';

export type StatusFilter = ChangeRequestStatus | 'all';

export function defaultStatusFilter(role: string | undefined): StatusFilter {
  return role === 'provincial_reviewer' ? 'pending' : 'all';
}

export function readStatusFilter(params: URLSearchParams, role: string | undefined): StatusFilter {
  const value = params.get('status');
  if (value === 'all' || isChangeRequestStatus(value)) return value;
  return defaultStatusFilter(role);
}

/** The list's path for a state and page (the default state and page 1 are left out). */
export function listPath(filter: StatusFilter, page: number, role: string | undefined): string {
  const params = new URLSearchParams();
  if (filter !== defaultStatusFilter(role)) params.set('status', filter);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/staff/change-requests?${query}` : '/staff/change-requests';
}
