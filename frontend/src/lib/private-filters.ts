/**
 * Search filters that are personal data — an ID number, a phone number, an email, a name or free
 * text that may be one of them — never go into the address bar: browser history, bookmarks and
 * proxy logs keep URLs. They live in this tab's sessionStorage instead (gone when the tab closes),
 * one entry per search page, so Back, pagination and a reload still show the same results.
 * Non-personal filters (status, page, …) stay in the URL.
 */

import { useEffect, useMemo } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

const PREFIX = 'xuexin.private-filters.';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** The personal filters last searched on the page `page`: field → value (only strings kept). */
export function readPrivateFilters(page: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(PREFIX + page) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

/** Remembers the personal filters of a new search on `page` (empty values are dropped). */
export function writePrivateFilters(page: string, values: Record<string, string>): void {
  const kept = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
  const store = storage();
  if (!store) return;
  if (Object.keys(kept).length === 0) store.removeItem(PREFIX + page);
  else store.setItem(PREFIX + page, JSON.stringify(kept));
}

/** Forgets every page's personal filters (the staff session ended: the next person at this
 * computer must not find them). */
export function forgetPrivateFilters(): void {
  const store = storage();
  if (!store) return;
  for (const key of Object.keys(store).filter((key) => key.startsWith(PREFIX))) store.removeItem(key);
}

/** `params` without the personal `fields`, as a URL search (`?a=b`, or `''`). */
export function publicSearch(params: URLSearchParams, fields: readonly string[]): string {
  const kept = new URLSearchParams(params);
  for (const field of fields) kept.delete(field);
  const query = kept.toString();
  return query ? `?${query}` : '';
}

/** `path` (`/x?a=b`) without the personal `fields` in its query. */
export function publicPath(path: string, fields: readonly string[]): string {
  const [pathname, query = ''] = path.split('?', 2);
  return `${pathname}${publicSearch(new URLSearchParams(query), fields)}`;
}

/** The personal `fields` of `params` (empty ones included, so they are forgotten). */
function personal(params: URLSearchParams, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field, params.get(field)?.trim() ?? '']));
}

/**
 * The search of the page `page`: the URL's params with the personal `fields` remembered for it,
 * and a function that searches anew (personal fields to sessionStorage, the rest to the URL).
 * Personal fields found in the URL (an old link or bookmark) win, are remembered, and are taken
 * out of the address bar at once.
 */
export function usePrivateSearchParams(page: string, fields: readonly string[]) {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  // Read once per navigation: a render between a search's write and its navigation must not
  // pair the new personal filters with the old URL (that would fetch a page nobody asked for).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const remembered = useMemo(() => readPrivateFilters(page), [page, location.key]);
  const merged = new URLSearchParams(params);
  for (const field of fields) {
    const value = remembered[field];
    if (!params.has(field) && value) merged.set(field, value);
  }
  const inUrl = fields.some((field) => params.has(field));

  useEffect(() => {
    if (!inUrl) return;
    writePrivateFilters(page, personal(merged, fields));
    void navigate({ pathname: location.pathname, search: publicSearch(params, fields) }, { replace: true, state: location.state });
    // Once per navigation: what it reads belongs to that navigation.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location.key]);

  function search(next: URLSearchParams) {
    writePrivateFilters(page, personal(next, fields));
    void navigate({ pathname: location.pathname, search: publicSearch(next, fields) });
  }

  return [merged, search] as const;
}
