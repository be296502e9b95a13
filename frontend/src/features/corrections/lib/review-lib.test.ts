import { describe, expect, it } from 'vitest';

import { FIELD_LABELS, fieldChoices, fieldLabel } from '@/lib/enrollment-fields';

import { CHANGE_REQUEST_STATUSES, changedFieldNames, changesSummary, diffValues, statusInfo } from './labels';
import { defaultStatusFilter, listPath, readStatusFilter } from './list-filter';

describe('labels', () => {
  it('names every editable field and every state in Chinese', () => {
    expect(Object.values(FIELD_LABELS)).toEqual([
      '学号',
      '姓名',
      '身份证号',
      '性别',
      '出生日期',
      '民族',
      '专业',
      '层次',
      '学习形式',
      '入学日期',
      '预计毕业日期',
      '学籍状态',
    ]);
    expect(fieldLabel('expected_graduation')).toBe('预计毕业日期');
    expect(fieldLabel('photo')).toBe('photo');
    expect(Object.fromEntries(Object.entries(CHANGE_REQUEST_STATUSES).map(([key, value]) => [key, value.label]))).toEqual({
      pending: '待审核',
      approved: '已通过',
      rejected: '已驳回',
      stale: '已失效',
      withdrawn: '已撤回',
    });
    expect(statusInfo('unknown')).toEqual({ label: 'unknown', tone: 'neutral' });
  });

  it('offers the values the server accepts; a correction cannot set 注销', () => {
    expect(fieldChoices('level')).toEqual(['专科', '本科', '硕士', '博士']);
    expect(fieldChoices('study_form')).toEqual(['普通全日制', '非全日制', '成人教育', '网络教育', '自学考试']);
    expect(fieldChoices('status')).toEqual(['在籍', '休学', '退学', '毕业', '结业']);
    expect(fieldChoices('sex')).toEqual(['男', '女']);
    expect(fieldChoices('major')).toBeNull();
  });

  it('summarises the changes of a request', () => {
    const changes = [
      { field: 'name', before: '王小明', after: '王晓明' },
      { field: 'major', before: '', after: '软件工程' },
    ];
    expect(changesSummary(changes)).toBe('姓名：王小明 → 王晓明；专业：（空） → 软件工程');
    expect(changedFieldNames(changes)).toBe('姓名、专业');
  });
});

describe('diffValues', () => {
  it('marks only the characters that change', () => {
    expect(diffValues('王小明', '王晓明')).toEqual({ prefix: '王', removed: '小', added: '晓', suffix: '明' });
    expect(diffValues('2023-09-01', '2023-09-10')).toEqual({ prefix: '2023-09-', removed: '01', added: '10', suffix: '' });
    expect(diffValues('计算机科学与技术', '软件工程')).toEqual({ prefix: '', removed: '计算机科学与技术', added: '软件工程', suffix: '' });
    expect(diffValues('', '汉族')).toEqual({ prefix: '', removed: '', added: '汉族', suffix: '' });
    expect(diffValues('aba', 'aba')).toEqual({ prefix: 'aba', removed: '', added: '', suffix: '' });
  });

  it('counts a character outside the BMP as one (never splits 𠇔)', () => {
    expect(diffValues('𠇔伟', '𠇕伟')).toEqual({ prefix: '', removed: '𠇔', added: '𠇕', suffix: '伟' });
    expect(diffValues('买买提·艾力', '买买提艾力')).toEqual({ prefix: '买买提', removed: '·', added: '', suffix: '艾力' });
  });
});

describe('the state filter of 更正申请', () => {
  it('opens the queue (待审核) for reviewers and everything for schools', () => {
    expect(defaultStatusFilter('provincial_reviewer')).toBe('pending');
    expect(defaultStatusFilter('school_admin')).toBe('all');
    expect(readStatusFilter(new URLSearchParams(''), 'provincial_reviewer')).toBe('pending');
    expect(readStatusFilter(new URLSearchParams(''), 'school_admin')).toBe('all');
    expect(readStatusFilter(new URLSearchParams('status=stale'), 'school_admin')).toBe('stale');
    expect(readStatusFilter(new URLSearchParams('status=all'), 'provincial_reviewer')).toBe('all');
    expect(readStatusFilter(new URLSearchParams('status=bogus'), 'provincial_reviewer')).toBe('pending');
  });

  it('links leave out the default state and page 1', () => {
    expect(listPath('pending', 1, 'provincial_reviewer')).toBe('/staff/change-requests');
    expect(listPath('all', 1, 'provincial_reviewer')).toBe('/staff/change-requests?status=all');
    expect(listPath('all', 2, 'school_admin')).toBe('/staff/change-requests?page=2');
    expect(listPath('approved', 1, 'school_admin')).toBe('/staff/change-requests?status=approved');
  });
});
