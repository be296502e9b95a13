import { localDayBound } from '@/lib/datetime';
import { parsePage } from '@/lib/page-param';

import type { AuditQuery } from '../api/list-audit-events';

/** The filters of 审计日志, in the order of the form and of the URL query. */
export const AUDIT_FILTER_FIELDS = ['actor', 'action', 'target_type', 'target', 'from', 'to'] as const;
export type AuditFilterField = (typeof AUDIT_FILTER_FIELDS)[number];
export type AuditFilter = Partial<Record<AuditFilterField, string>> & { page?: number };

/** The filters the URL holds (`?action=account.&from=2026-11-01&page=2`); empty ones left out. */
export function filterFromParams(params: URLSearchParams): AuditFilter {
  const filter: AuditFilter = {};
  for (const field of AUDIT_FILTER_FIELDS) {
    const value = params.get(field)?.trim();
    if (value) filter[field] = value;
  }
  const page = parsePage(params.get('page'));
  if (page > 1) filter.page = page;
  return filter;
}

/** The URL query of the filters (`?…`, or '' without any). */
export function filterSearch(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const field of AUDIT_FILTER_FIELDS) {
    const value = filter[field]?.trim();
    if (value) params.set(field, value);
  }
  if (filter.page && filter.page > 1) params.set('page', String(filter.page));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * The API query for the filters. 起 and 止 are days of the person's own calendar: from the start
 * of 起 to the end of 止 in the browser's time zone (the API alone would read a bare date as UTC).
 */
export function toAuditQuery(filter: AuditFilter): AuditQuery {
  const { page, from, to, ...rest } = filter;
  return {
    ...rest,
    ...(from && { from: localDayBound(from) }),
    ...(to && { to: localDayBound(to, { end: true }) }),
    ...(page && page > 1 && { page }),
  };
}

/** Whether any filter is set (apart from the page). */
export function hasFilters(filter: AuditFilter): boolean {
  return AUDIT_FILTER_FIELDS.some((field) => filter[field]);
}
