import { request } from '@/api/request';
import { staffApi } from '@/api/staff-client';

/** What support searches by: each exact, several combine with AND; at least one. */
export interface AccountLookup {
  email?: string;
  phone?: string;
  id_number?: string;
  page?: number;
}

/**
 * `POST /api/v1/support/accounts/search`: accounts with this email, phone and/or ID number, newest
 * first — sent in the body, so they stay out of URLs (proxy logs).
 */
export function searchAccounts(lookup: AccountLookup, signal?: AbortSignal) {
  return request(staffApi.POST('/api/v1/support/accounts/search', { body: lookup, signal }));
}
