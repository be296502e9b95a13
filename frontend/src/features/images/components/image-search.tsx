import { Link } from 'react-router';

import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { SelectField } from '@/components/form/select-field';
import { FilterForm, PagedResults, ResultRow, SearchPage, useFilterDraft } from '@/components/search-page/search-page';
import tableStyles from '@/components/ui/data-table.module.css';
import { DataTable } from '@/components/ui/data-table';
import { LoadError, Loading } from '@/components/ui/load-states';
import { StaffForbidden, StaffRoleGate } from '@/components/staff-role-gate';
import { useApiQuery } from '@/hooks/use-api-query';
import { usePrivateSearchParams, writePrivateFilters } from '@/lib/private-filters';

import { IMAGES_PER_PAGE, searchImageRecords } from '../api/search-image-records';
import type { ImageRecord } from '../api/types';
import {
  hasImageFilters,
  imageFiltersQuery,
  imageRecordPath,
  imagesPath,
  IMAGES_PATH,
  IMAGES_PRIVATE_FIELDS,
  IMAGES_PRIVATE_PAGE,
  readImageFilters,
  type ImageFilters,
} from '../lib/filters';
import { ImageBadges } from './image-badges';
import { ImagePhoto } from './image-photo';
import styles from './images.module.css';

/** Who may use 图像校对, and what everyone else is told. */
export const SCHOOL_IMAGES_MESSAGE = '图像校对只供院校管理员使用，用于核对和处理本校学生的采集照片。';

/** When a student's ID number finds no photo at all. */
export const NO_PHOTO_HINT = '没有找到这个学生的采集照片，请与图像采集部门联系';

const LINKED_OPTIONS = [
  { value: '', label: '全部' },
  { value: 'true', label: '已关联' },
  { value: 'false', label: '未关联' },
];

/** The search form; it starts from the current filters and searches with the new ones. */
function SearchForm({ filters, onSearch }: { filters: ImageFilters; onSearch: (filters: ImageFilters) => void }) {
  const [values, set] = useFilterDraft(filters);
  return (
    <FilterForm
      label="查找采集照片"
      columns="minmax(0, 1fr) minmax(0, 1.25fr) minmax(0, 0.75fr)"
      fields={
        <>
          <Field
            label="姓名"
            name="name"
            type="search"
            autoComplete="off"
            hint="完整的姓名，与采集时录入的一致"
            value={values.name}
            onChange={(event) => set('name', event.target.value)}
          />
          <Field
            label="身份证号"
            name="id_number"
            type="search"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            hint="完整的 18 位身份证号"
            value={values.idNumber}
            onChange={(event) => set('idNumber', event.target.value)}
          />
          <SelectField
            label="关联状态"
            name="linked"
            options={LINKED_OPTIONS}
            value={values.linked}
            onChange={(event) => set('linked', event.target.value as ImageFilters['linked'])}
          />
        </>
      }
      checkbox={{ name: 'include_deleted', label: '含已删除', checked: values.includeDeleted, onChange: (checked) => set('includeDeleted', checked) }}
      onSearch={() => onSearch({ ...values, page: 1 })}
      clear={hasImageFilters(filters) ? { to: IMAGES_PATH, onClick: () => writePrivateFilters(IMAGES_PRIVATE_PAGE, {}) } : null}
    />
  );
}

function ResultsTable({ items, backTo }: { items: ImageRecord[]; backTo: string }) {
  return (
    <DataTable testId="image-results" caption="采集照片查询结果，最新的在前" columns={['照片', '采集信息', '采集日期', '状态']}>
      {items.map((record) => (
        <ResultRow key={record.id} to={imageRecordPath(record.id)} state={{ backTo }} testId="image-row">
          <td data-label="照片">
            <ImagePhoto record={record} size="small" />
          </td>
          <td data-label="采集信息">
            <dl className={styles.captured}>
              <dt>学校名称</dt>
              <dd>{record.school_name}</dd>
              <dt>姓名</dt>
              <dd>
                <Link to={imageRecordPath(record.id)} state={{ backTo }} className={styles.nameLink}>
                  {record.name}
                </Link>
              </dd>
              <dt>身份证号</dt>
              <dd className={tableStyles.mono}>{record.id_number}</dd>
            </dl>
          </td>
          <td data-label="采集日期" className={tableStyles.nowrap}>
            {record.captured_on}
          </td>
          <td data-label="状态">
            <ImageBadges record={record} />
          </td>
        </ResultRow>
      ))}
    </DataTable>
  );
}

function NothingFound({ filters }: { filters: ImageFilters }) {
  if (filters.page > 1) {
    return (
      <FormAlert tone="info" title="这一页没有记录" testId="no-images">
        <p>
          <Link to={imagesPath({ ...filters, page: 1 })}>回到第 1 页</Link>
        </p>
      </FormAlert>
    );
  }
  const narrowed = filters.linked !== '' || filters.name !== '';
  if (filters.idNumber) {
    return (
      <FormAlert tone="warning" title={`${NO_PHOTO_HINT}。`} testId="no-photo">
        <p>本校能看到的采集照片中，没有一张录入了身份证号 {filters.idNumber}。采集时的身份证号也可能录错了：可以按姓名再查一次。</p>
        {narrowed && <p>关联状态和姓名也会缩小范围，可以清除后再查。</p>}
      </FormAlert>
    );
  }
  return (
    <FormAlert tone="info" title={hasImageFilters(filters) ? '没有找到符合条件的采集照片' : '还没有本校的采集照片'} testId="no-images">
      <ul className={formStyles.tips}>
        <li>姓名和身份证号要与采集时录入的完全一致；采集时录错的照片，按另一项查找。</li>
        <li>采集时学校名称录错、但身份证号属于本校学生的照片，也会列在这里。</li>
      </ul>
    </FormAlert>
  );
}

function Results({ filters }: { filters: ImageFilters }) {
  const here = imagesPath(filters);
  const { result, retry } = useApiQuery((signal) => searchImageRecords(filters, signal), imageFiltersQuery(filters));

  if (result.state === 'loading') return <Loading>正在查询…</Loading>;
  if (result.state === 'error') {
    if (result.error.status === 403) return <StaffForbidden message={SCHOOL_IMAGES_MESSAGE} />;
    return <LoadError error={result.error} onRetry={retry} />;
  }
  const { items, total, page, per_page: perPage } = result.data;
  if (items.length === 0) return <NothingFound filters={filters} />;
  return (
    <PagedResults page={page} perPage={perPage || IMAGES_PER_PAGE} total={total} unit="张采集照片" hrefFor={(n) => imagesPath({ ...filters, page: n })}>
      <ResultsTable items={items} backTo={here} />
    </PagedResults>
  );
}

/**
 * 图像校对 (school admins): find the school's collection records by captured name or ID number,
 * linked or not, deleted ones too; a table (cards on a phone) with the photo that opens a record.
 * Linked, deleted and page live in the URL; the name and ID number are kept out of the address bar.
 */
export function ImageSearch() {
  const [params, search] = usePrivateSearchParams(IMAGES_PRIVATE_PAGE, IMAGES_PRIVATE_FIELDS);
  const filters = readImageFilters(params);

  return (
    <StaffRoleGate roles={['school_admin']} message={SCHOOL_IMAGES_MESSAGE}>
      <SearchPage
        formTitle="查找采集照片"
        form={<SearchForm key={imageFiltersQuery(filters)} filters={filters} onSearch={(next) => search(new URLSearchParams(imageFiltersQuery(next)))} />}
        resultsTestId="image-search-results"
        results={<Results filters={filters} />}
      />
    </StaffRoleGate>
  );
}
