import { describe, expect, it } from 'vitest';

import { imageFiltersQuery, imagesPath, NO_IMAGE_FILTERS, readImageFilters } from './filters';
import { changedFixFields, fixFieldError } from './fix-form';
import { collationKindLabel, collationPath, fileSize } from './labels';

describe('the filters of 图像校对', () => {
  it('are read from the URL, tidied as the server compares them, unknown values ignored', () => {
    expect(readImageFilters(new URLSearchParams('name=+王晓明+&id_number=11019920050314011x&linked=maybe&include_deleted=yes&page=x'))).toEqual({
      ...NO_IMAGE_FILTERS,
      name: '王晓明',
      idNumber: '11019920050314011X',
    });
    expect(readImageFilters(new URLSearchParams('linked=false&include_deleted=true&page=3'))).toEqual({
      ...NO_IMAGE_FILTERS,
      linked: 'false',
      includeDeleted: true,
      page: 3,
    });
  });

  it('leave out what is not set and page 1', () => {
    expect(imagesPath(NO_IMAGE_FILTERS)).toBe('/staff/images');
    // The name and the ID number never go into the address bar.
    expect(imagesPath({ ...NO_IMAGE_FILTERS, name: '王晓明', idNumber: '11019920050314011X', linked: 'true', page: 2 })).toBe('/staff/images?linked=true&page=2');
    expect(imageFiltersQuery({ ...NO_IMAGE_FILTERS, idNumber: ' 11019920050314011x ', linked: 'true', page: 2 })).toBe(
      'id_number=11019920050314011X&linked=true&page=2',
    );
  });
});

describe('更正采集信息', () => {
  const current = { school_name: '北京大学', name: '王晓明', id_number: '11019920050314011X' };

  it('sends only what changed, as the server stores it', () => {
    expect(changedFixFields(current, { ...current, school_name: ' 北京大学 ', id_number: '11019920050314011x' })).toEqual({});
    expect(changedFixFields(current, { ...current, name: ' 王小明' })).toEqual({ name: '王小明' });
  });

  it('checks a changed value by the server’s rules', () => {
    expect(fixFieldError('school_name', '  ')).toBe('学校名称不能为空，最多 100 个字。');
    expect(fixFieldError('school_name', '北京大学')).toBeNull();
    expect(fixFieldError('name', '')).toBe('请填写姓名。');
    expect(fixFieldError('id_number', '11019920050314011X')).toBeNull();
    expect(fixFieldError('id_number', '110199200503140119')).not.toBeNull();
  });
});

describe('words', () => {
  it('name the report kinds in Chinese and keep the queue’s tab in its path', () => {
    expect(['this_is_me', 'none_of_these', 'wrong_photo', 'other'].map(collationKindLabel)).toEqual(['这是我的照片', '都不是我', '照片不是我', 'other']);
    expect(collationPath('open')).toBe('/staff/collation-requests');
    expect(collationPath('rejected', 2)).toBe('/staff/collation-requests?status=rejected&page=2');
    expect([800, 48211, 2 * 1024 * 1024].map(fileSize)).toEqual(['800 字节', '47.1 KB', '2.0 MB']);
  });
});
