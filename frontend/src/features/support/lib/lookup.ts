import { parsePage } from '@/lib/page-param';
import { publicPath, readPrivateFilters, writePrivateFilters } from '@/lib/private-filters';

import type { AccountLookup } from '../api/search-accounts';

/**
 * The search fields of 客服工作台 (`email=&phone=&id_number=&page=`). All three are personal: they
 * stay out of the address bar (kept in sessionStorage, see `@/lib/private-filters`); only the
 * page is in the URL.
 */
export const LOOKUP_FIELDS = ['email', 'phone', 'id_number'] as const;
/** The sessionStorage entry of the support desk's search. */
export const SUPPORT_PRIVATE_PAGE = 'support';

/** Whether this tab has a search of the support desk to go back to. */
export function hasRememberedSearch(): boolean {
  return Object.keys(readPrivateFilters(SUPPORT_PRIVATE_PAGE)).length > 0;
}

/** The support desk's page `page` of the current search, as a link (no personal data in it). */
export function supportPagePath(lookup: AccountLookup, page: number): string {
  return publicPath(`/staff/support${lookupSearch({ ...lookup, page })}`, LOOKUP_FIELDS);
}
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

/**
 * Remembers a search for one ID number (where support finds who holds it) and returns the page
 * that shows it; the number itself stays out of the URL.
 */
export function searchByIdNumber(idNumber: string): string {
  writePrivateFilters(SUPPORT_PRIVATE_PAGE, { id_number: idNumber });
  return '/staff/support';
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
