import { parsePage } from '@/lib/page-param';

import type { AccountLookup } from '../api/search-accounts';

/** The search fields of 客服工作台, kept in the URL (`?email=&phone=&id_number=&page=`). */
export const LOOKUP_FIELDS = ['email', 'phone', 'id_number'] as const;
export type LookupField = (typeof LOOKUP_FIELDS)[number];

/** The search the URL asks for; `null` when it names nothing to search by. */
export function lookupFromParams(params: URLSearchParams): AccountLookup | null {
  const lookup: AccountLookup = {};
  for (const field of LOOKUP_FIELDS) {
    const value = params.get(field)?.trim();
    if (value) lookup[field] = value;
  }
  if (!LOOKUP_FIELDS.some((field) => lookup[field])) return null;
  const page = parsePage(params.get('page'));
  return page > 1 ? { ...lookup, page } : lookup;
}

/** The URL query of a search (`?id_number=…`), fields in a fixed order, empty ones left out. */
export function lookupSearch(lookup: AccountLookup): string {
  const params = new URLSearchParams();
  for (const field of LOOKUP_FIELDS) {
    const value = lookup[field]?.trim();
    if (value) params.set(field, value);
  }
  if (lookup.page && lookup.page > 1) params.set('page', String(lookup.page));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The search page for one ID number: where support finds who holds it. */
export function searchByIdNumberPath(idNumber: string): string {
  return `/staff/support${lookupSearch({ id_number: idNumber })}`;
}

/** What the search page hands to an account page: the search to go back to. */
export interface SupportNavState {
  back?: string;
}

/** The way back from an account page: the search it came from, or the empty search page. */
export function backPath(state: unknown): string {
  const back = typeof state === 'object' && state !== null ? (state as SupportNavState).back : undefined;
  return typeof back === 'string' && (back === '/staff/support' || back.startsWith('/staff/support?')) ? back : '/staff/support';
}
