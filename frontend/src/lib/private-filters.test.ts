import { describe, expect, it } from 'vitest';

import { forgetPrivateFilters, publicPath, publicSearch, readPrivateFilters, writePrivateFilters } from './private-filters';

describe('personal search filters', () => {
  it('are taken out of URLs, the other filters kept in order', () => {
    const fields = ['q', 'id_number'] as const;
    expect(publicSearch(new URLSearchParams('q=王&status=在籍&id_number=1&page=2'), fields)).toBe('?status=%E5%9C%A8%E7%B1%8D&page=2');
    expect(publicSearch(new URLSearchParams('q=王'), fields)).toBe('');
    expect(publicPath('/staff/students?q=11019920050314011X&page=3', fields)).toBe('/staff/students?page=3');
    expect(publicPath('/staff/students', fields)).toBe('/staff/students');
  });

  it('are remembered per page for the tab, empty ones dropped, anything odd ignored', () => {
    writePrivateFilters('students', { q: '王', name: '' });
    expect(readPrivateFilters('students')).toEqual({ q: '王' });
    expect(readPrivateFilters('images')).toEqual({});
    writePrivateFilters('students', { q: '' });
    expect(readPrivateFilters('students')).toEqual({});
    expect(sessionStorage.length).toBe(0);
    sessionStorage.setItem('xuexin.private-filters.support', '{"email": 5, "phone": "13800138000"}');
    expect(readPrivateFilters('support')).toEqual({ phone: '13800138000' });
    sessionStorage.setItem('xuexin.private-filters.support', 'not json');
    expect(readPrivateFilters('support')).toEqual({});
  });

  it('are all forgotten when the staff session ends, nothing else touched', () => {
    writePrivateFilters('students', { q: '王' });
    writePrivateFilters('support', { email: 'a@b.cn' });
    sessionStorage.setItem('other', 'kept');
    forgetPrivateFilters();
    expect([readPrivateFilters('students'), readPrivateFilters('support'), sessionStorage.getItem('other')]).toEqual([{}, {}, 'kept']);
  });
});
