import { describe, expect, it } from 'vitest';

import { diffStates, displayValue, flatten } from './diff';
import { filterFromParams, filterSearch, hasFilters, toAuditQuery } from './filters';
import { actionLabel, actorRoleLabel, targetTypeLabel } from './vocab';

describe('diffStates', () => {
  it('lists every field of either state, marking those that changed', () => {
    expect(diffStates({ name: '王晓明', id_number: '11019920050314011X' }, { name: '王小明', id_number: '11019920050314011X' })).toEqual([
      { field: 'name', before: '王晓明', after: '王小明', changed: true },
      { field: 'id_number', before: '11019920050314011X', after: '11019920050314011X', changed: false },
    ]);
  });

  it('shows fields only one side has, and a state that is missing', () => {
    expect(diffStates(null, { email: 'a@b.cn', school_code: null })).toEqual([
      { field: 'email', after: 'a@b.cn', changed: true },
      { field: 'school_code', after: '（空）', changed: true },
    ]);
    expect(diffStates({ status: 'active', name: '王小明' }, { name: null, sessions_revoked: 2 })).toEqual([
      { field: 'status', before: 'active', changed: true },
      { field: 'name', before: '王小明', after: '（空）', changed: true },
      { field: 'sessions_revoked', after: '2', changed: true },
    ]);
    expect(diffStates(null, null)).toEqual([]);
  });

  it('reads nested objects as dotted keys and lists as JSON', () => {
    expect([...flatten({ changes: { name: '王小明', tags: ['a', 'b'] }, ok: true })]).toEqual([
      ['changes.name', '王小明'],
      ['changes.tags', ['a', 'b']],
      ['ok', true],
    ]);
    expect(displayValue(['a', 'b'])).toBe('["a","b"]');
    expect(displayValue(false)).toBe('否');
    expect(displayValue('')).toBe('（空字符串）');
    expect(diffStates('text', undefined)).toEqual([{ field: '（值）', before: 'text', changed: true }]);
  });
});

describe('the audit filters in the URL', () => {
  it('reads and writes the filters, dropping empty ones and page 1', () => {
    const filter = filterFromParams(new URLSearchParams('action=account.&from=2026-11-01&actor=&page=2'));
    expect(filter).toEqual({ action: 'account.', from: '2026-11-01', page: 2 });
    expect(filterSearch(filter)).toBe('?action=account.&from=2026-11-01&page=2');
    expect(filterSearch({ page: 1 })).toBe('');
    expect(hasFilters({ page: 3 })).toBe(false);
    expect(hasFilters(filter)).toBe(true);
  });

  it('asks the API for whole local days', () => {
    expect(toAuditQuery({ target: 'x', from: '2026-11-01', to: '2026-11-30', page: 2 })).toEqual({
      target: 'x',
      from: new Date(2026, 10, 1).toISOString(),
      to: new Date(2026, 11, 1).toISOString(),
      page: 2,
    });
    expect(toAuditQuery({ action: 'staff.' })).toEqual({ action: 'staff.' });
  });
});

describe('audit vocabulary', () => {
  it('names actions, objects and actors in Chinese, and keeps unknown ones as they are', () => {
    expect(actionLabel('account.identity_corrected')).toBe('更正身份信息');
    expect(actionLabel('something.new')).toBeUndefined();
    expect(targetTypeLabel('account')).toBe('学生账号');
    expect(targetTypeLabel('photo')).toBe('photo');
    expect(actorRoleLabel('support')).toBe('客服');
    expect(actorRoleLabel('system')).toBe('系统');
  });
});
