import { describe, expect, it } from 'vitest';

import { staffEnrollment } from '@/testing/corrections-fixtures';

import type { StaffEnrollment } from '../api/types';
import { changedFields, currentValues } from './change-form';
import { filtersQuery, hasFilters, NO_FILTERS, readFilters, studentsPath } from './filters';

const enrollment = staffEnrollment as StaffEnrollment;

describe('在校生 filters in the URL', () => {
  it('reads the filters, ignoring unknown values and bad pages', () => {
    expect(readFilters(new URLSearchParams('q=%20王%20&status=在籍&level=本科&qualification_pending=true&page=3'))).toEqual({
      q: '王',
      status: '在籍',
      level: '本科',
      qualificationPending: true,
      page: 3,
    });
    expect(readFilters(new URLSearchParams('status=Enrolled&level=大专&qualification_pending=yes&page=-2'))).toEqual(NO_FILTERS);
    expect(readFilters(new URLSearchParams('page=0')).page).toBe(1);
    expect(readFilters(new URLSearchParams('page=2.5')).page).toBe(1);
  });

  it('writes only what is set, page 1 left out, so the same filters give the same URL', () => {
    expect(filtersQuery(NO_FILTERS)).toBe('');
    expect(studentsPath(NO_FILTERS)).toBe('/staff/students');
    const filters = { q: ' 11019920050314011X ', status: '注销' as const, level: '' as const, qualificationPending: true, page: 2 };
    // The free text (a name or an ID number) never goes into the address bar.
    expect(studentsPath(filters)).toBe('/staff/students?status=%E6%B3%A8%E9%94%80&qualification_pending=true&page=2');
    expect(readFilters(new URLSearchParams(filtersQuery(filters)))).toEqual({ ...filters, q: '11019920050314011X' });
  });

  it('knows whether anything narrows the search', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, page: 4 })).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, level: '硕士' })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, qualificationPending: true })).toBe(true);
  });
});

describe('申请更正: the changed fields', () => {
  it('prefills every editable field with the record’s value', () => {
    expect(currentValues(enrollment)).toEqual({
      name: '王小明',
      id_number: '11019920050314011X',
      sex: '男',
      birth_date: '2005-03-14',
      ethnicity: '汉族',
      student_no: '2301110001',
      major: '计算机科学与技术',
      level: '本科',
      study_form: '普通全日制',
      entry_date: '2023-09-01',
      expected_graduation: '2027-07-01',
      status: '在籍',
    });
  });

  it('sends only what differs, trimmed; spaces or a lower-case x are no change', () => {
    const current = currentValues(enrollment);
    expect(changedFields(current, current)).toEqual({});
    expect(changedFields(current, { ...current, name: ' 王小明 ', id_number: '11019920050314011x' })).toEqual({});
    expect(changedFields(current, { ...current, name: ' 王晓明', major: '软件工程 ', status: '休学' })).toEqual({
      name: '王晓明',
      major: '软件工程',
      status: '休学',
    });
    expect(changedFields(current, { ...current, id_number: '110101199003074514' })).toEqual({ id_number: '110101199003074514' });
    expect(changedFields(current, { ...current, ethnicity: '' })).toEqual({ ethnicity: '' });
  });
});
