import { request } from '@/api/request';
import { staffApi } from '@/features/staff/api/staff-client';

/** What support searches by: each exact, several combine with AND; at least one. */
export interface AccountLookup {
  email?: string;
  phone?: string;
  id_number?: string;
  page?: number;
}

/** `GET /api/v1/support/accounts`: accounts with this email, phone and/or ID number, newest first. */
export function searchAccounts(lookup: AccountLookup, signal?: AbortSignal) {
  return request(staffApi.GET('/api/v1/support/accounts', { params: { query: lookup }, signal }));
}
