/**
 * The filters of 图像校对 (`name=&id_number=&linked=true|false&include_deleted=true&page=`): the
 * name and the ID number are personal and stay out of the address bar (kept in sessionStorage, see
 * `@/lib/private-filters`); the others live in the page's URL, so Back or a reload shows the same
 * results. Unknown values are ignored.
 */
import { normalizeIdNumber } from '@/lib/rules';
import { serverTrim } from '@/lib/rules/email';
import { parsePage } from '@/lib/page-param';
import { publicPath } from '@/lib/private-filters';

export interface ImageFilters {
  /** Exactly the captured name. */
  name: string;
  /** Exactly the captured ID number (upper-case X). */
  idNumber: string;
  /** Only records that link to an enrollment (`true`) or that do not (`false`); `''`: all. */
  linked: '' | 'true' | 'false';
  /** Deleted duplicates too. */
  includeDeleted: boolean;
  /** From 1. */
  page: number;
}

export const NO_IMAGE_FILTERS: ImageFilters = { name: '', idNumber: '', linked: '', includeDeleted: false, page: 1 };

export const IMAGES_PATH = '/staff/images';

/** The sessionStorage entry of 图像校对's personal filters. */
export const IMAGES_PRIVATE_PAGE = 'images';
/** The filters of 图像校对 that never go into the address bar. */
export const IMAGES_PRIVATE_FIELDS = ['name', 'id_number'] as const;

/** The filters as the search form typed them, tidied the way the server compares them. */
export function tidyFilters(filters: ImageFilters): ImageFilters {
  return { ...filters, name: serverTrim(filters.name), idNumber: normalizeIdNumber(filters.idNumber) };
}

export function readImageFilters(params: URLSearchParams): ImageFilters {
  const linked = params.get('linked');
  return tidyFilters({
    name: params.get('name') ?? '',
    idNumber: params.get('id_number') ?? '',
    linked: linked === 'true' || linked === 'false' ? linked : '',
    includeDeleted: params.get('include_deleted') === 'true',
    page: parsePage(params.get('page')),
  });
}

/** The query string of `filters` (without `?`), leaving out what is not set and page 1. */
export function imageFiltersQuery(filters: ImageFilters): string {
  const tidy = tidyFilters(filters);
  const params = new URLSearchParams();
  if (tidy.name) params.set('name', tidy.name);
  if (tidy.idNumber) params.set('id_number', tidy.idNumber);
  if (tidy.linked) params.set('linked', tidy.linked);
  if (tidy.includeDeleted) params.set('include_deleted', 'true');
  if (tidy.page > 1) params.set('page', String(tidy.page));
  return params.toString();
}

/** Whether anything narrows the search. */
export function hasImageFilters(filters: ImageFilters): boolean {
  return filters.name !== '' || filters.idNumber !== '' || filters.linked !== '' || filters.includeDeleted;
}

/** The 图像校对 page with these filters, without the personal ones (they stay remembered). */
export function imagesPath(filters: ImageFilters): string {
  const query = imageFiltersQuery(filters);
  return publicPath(query ? `${IMAGES_PATH}?${query}` : IMAGES_PATH, IMAGES_PRIVATE_FIELDS);
}

/** A collection record's page (`/staff/images/:id`). */
export const imageRecordPath = (id: string) => `${IMAGES_PATH}/${encodeURIComponent(id)}`;
