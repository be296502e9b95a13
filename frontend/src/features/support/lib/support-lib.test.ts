import { describe, expect, it } from 'vitest';

import { readPrivateFilters } from '@/lib/private-filters';

import { canResendActivation, isLocked, statusLabel } from './account-status';
import { backPath, lookupFromParams, lookupSearch, searchByIdNumber, SUPPORT_PRIVATE_PAGE, supportPagePath } from './lookup';

describe('the search in the URL', () => {
  it('reads the fields that are filled in, trimmed, and the page', () => {
    expect(lookupFromParams(new URLSearchParams('email=+a@b.cn+&phone=&page=2'))).toEqual({ email: 'a@b.cn', page: 2 });
    expect(lookupFromParams(new URLSearchParams('id_number=11019920050314011x&page=abc'))).toEqual({ id_number: '11019920050314011x' });
  });

  it('is no search without a field (a page alone is not one)', () => {
    expect(lookupFromParams(new URLSearchParams('page=3'))).toBeNull();
    expect(lookupFromParams(new URLSearchParams('email=%20'))).toBeNull();
  });

  it('writes the fields in a fixed order, without empty ones or page 1', () => {
    expect(lookupSearch({ id_number: '1101', email: 'a@b.cn', phone: ' ', page: 1 })).toBe('?email=a%40b.cn&id_number=1101');
    expect(lookupSearch({ phone: '13800138000', page: 3 })).toBe('?phone=13800138000&page=3');
    expect(lookupSearch({})).toBe('');
    // The ID number is remembered for the tab, never put into the URL.
    expect(searchByIdNumber('11019920050314011X')).toBe('/staff/support');
    expect(readPrivateFilters(SUPPORT_PRIVATE_PAGE)).toEqual({ id_number: '11019920050314011X' });
    expect(supportPagePath({ email: 'a@b.cn', phone: '13800138000', id_number: '11019920050314011X' }, 3)).toBe('/staff/support?page=3');
  });

  it('goes back only to a search of the support desk', () => {
    expect(backPath({ back: '/staff/support?email=a%40b.cn' })).toBe('/staff/support?email=a%40b.cn');
    expect(backPath({ back: 'https://evil.example/' })).toBe('/staff/support');
    expect(backPath({ back: '/staff/supporters' })).toBe('/staff/support');
    expect(backPath(null)).toBe('/staff/support');
  });
});

describe('account status', () => {
  it('names the statuses as support says them', () => {
    expect(['pending_activation', 'activated', 'active', 'disabled'].map((s) => statusLabel(s as never))).toEqual(['待激活', '待实名', '正常', '已停用']);
  });

  it('offers the activation email only before the registration is complete', () => {
    expect(canResendActivation({ status: 'pending_activation' })).toBe(true);
    expect(canResendActivation({ status: 'activated' })).toBe(true);
    expect(canResendActivation({ status: 'active' })).toBe(false);
    expect(canResendActivation({ status: 'disabled' })).toBe(false);
  });

  it('is locked only while the lock lasts', () => {
    const now = Date.parse('2026-11-29T08:00:00Z');
    expect(isLocked({ locked_until: '2026-11-29T08:10:00Z' }, now)).toBe(true);
    expect(isLocked({ locked_until: '2026-11-29T07:10:00Z' }, now)).toBe(false);
    expect(isLocked({ locked_until: null }, now)).toBe(false);
  });
});
