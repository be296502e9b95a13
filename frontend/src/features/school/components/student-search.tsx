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
import { useStaff } from '@/lib/staff/staff-session';
import { useApiQuery } from '@/hooks/use-api-query';
import { ENROLLMENT_STATUSES, LEVELS } from '@/lib/enrollment-fields';
import { usePrivateSearchParams, writePrivateFilters } from '@/lib/private-filters';
import { enrollmentPath } from '@/lib/staff-links';

import { searchStudents, STUDENTS_PER_PAGE } from '../api/search-students';
import type { StaffEnrollment } from '../api/types';
import { filtersQuery, hasFilters, readFilters, studentsPath, STUDENTS_PRIVATE_FIELDS, STUDENTS_PRIVATE_PAGE, type StudentFilters } from '../lib/filters';
import { RecordFlags } from './record-flags';
import styles from './school.module.css';

/** Who may use 在校生, and what everyone else is told. */
export const SCHOOL_ONLY_MESSAGE = '在校生模块只供院校管理员使用，用于查找和处理本校学生的学籍。';

const STATUS_OPTIONS = [{ value: '', label: '全部状态' }, ...ENROLLMENT_STATUSES.map((status) => ({ value: status, label: status }))];
const LEVEL_OPTIONS = [{ value: '', label: '全部层次' }, ...LEVELS.map((level) => ({ value: level, label: level }))];

/** The search form; it starts from the current filters and searches with the new ones. */
function SearchForm({ filters, onSearch }: { filters: StudentFilters; onSearch: (filters: StudentFilters) => void }) {
  const [values, set] = useFilterDraft(filters);
  return (
    <FilterForm
      label="查找学生"
      columns="minmax(0, 2fr) minmax(0, 1fr) minmax(0, 1fr)"
      fields={
        <>
          <Field
            label="关键词"
            name="q"
            type="search"
            autoComplete="off"
            enterKeyHint="search"
            hint="姓名（可只填开头的字）、完整的身份证号或完整的学号"
            value={values.q}
            onChange={(event) => set('q', event.target.value)}
          />
          <SelectField
            label="学籍状态"
            name="status"
            options={STATUS_OPTIONS}
            value={values.status}
            onChange={(event) => set('status', event.target.value as StudentFilters['status'])}
          />
          <SelectField
            label="层次"
            name="level"
            options={LEVEL_OPTIONS}
            value={values.level}
            onChange={(event) => set('level', event.target.value as StudentFilters['level'])}
          />
        </>
      }
      checkbox={{
        name: 'qualification_pending',
        label: '只看资格待查',
        checked: values.qualificationPending,
        onChange: (checked) => set('qualificationPending', checked),
      }}
      onSearch={() => onSearch({ ...values, q: values.q.trim(), page: 1 })}
      clear={hasFilters(filters) ? { to: '/staff/students', onClick: () => writePrivateFilters(STUDENTS_PRIVATE_PAGE, {}) } : null}
    />
  );
}

function ResultsTable({ items, backTo }: { items: StaffEnrollment[]; backTo: string }) {
  return (
    <DataTable testId="student-results" caption="查询结果" columns={['学号', '姓名', '身份证号', '层次', '专业', '学籍状态']}>
      {items.map((enrollment) => (
        <ResultRow key={enrollment.id} to={enrollmentPath(enrollment.id)} state={{ backTo }} testId="student-row">
          <td data-label="学号" className={`${tableStyles.nowrap} ${tableStyles.mono}`}>
            {enrollment.student_no}
          </td>
          <td data-label="姓名">
            <Link to={enrollmentPath(enrollment.id)} state={{ backTo }} className={styles.nameLink}>
              {enrollment.name}
            </Link>
          </td>
          <td data-label="身份证号" className={tableStyles.mono}>
            {enrollment.id_number}
          </td>
          <td data-label="层次" className={tableStyles.nowrap}>
            {enrollment.level}
          </td>
          <td data-label="专业">{enrollment.major}</td>
          <td data-label="学籍状态">
            <RecordFlags enrollment={enrollment} />
          </td>
        </ResultRow>
      ))}
    </DataTable>
  );
}

function Results({ schoolCode, filters }: { schoolCode: string; filters: StudentFilters }) {
  const here = studentsPath(filters);
  const { result, retry } = useApiQuery((signal) => searchStudents(schoolCode, filters, signal), `${schoolCode} ${filtersQuery(filters)}`);

  if (result.state === 'loading') return <Loading>正在查询…</Loading>;
  if (result.state === 'error') {
    // 403: the role changed since the login; 404 school_not_found: not (any longer) this school's admin.
    if (result.error.status === 403 || result.error.code === 'school_not_found') return <StaffForbidden message={SCHOOL_ONLY_MESSAGE} />;
    return <LoadError error={result.error} onRetry={retry} />;
  }
  const { items, total, page, per_page: perPage } = result.data;
  if (items.length === 0) {
    return (
      <FormAlert tone="info" title={page > 1 ? '这一页没有记录' : '没有找到符合条件的学籍记录'} testId="no-students">
        {page > 1 ? (
          <p>
            <Link to={studentsPath({ ...filters, page: 1 })}>回到第 1 页</Link>
          </p>
        ) : (
          <ul className={formStyles.tips}>
            <li>按姓名查找时，从姓的第一个字开始填写，例如“王”或“王小”。</li>
            <li>身份证号和学号要填写完整，例如 18 位身份证号（末位 X 大小写均可）。</li>
            {hasFilters({ ...filters, q: '' }) && <li>学籍状态、层次和“只看资格待查”也会缩小范围，可以清除后再查。</li>}
          </ul>
        )}
      </FormAlert>
    );
  }
  return (
    <PagedResults page={page} perPage={perPage || STUDENTS_PER_PAGE} total={total} unit="条学籍记录" hrefFor={(n) => studentsPath({ ...filters, page: n })}>
      <ResultsTable items={items} backTo={here} />
    </PagedResults>
  );
}

/**
 * 在校生 (school admins): find the school's records — by name, ID number or student number,
 * status, level, 资格待查 — in a table (cards on a phone) that opens a record. Status, level and
 * page live in the URL; the free text (a name or an ID number) is kept out of the address bar.
 */
export function StudentSearch() {
  const staff = useStaff();
  const [params, search] = usePrivateSearchParams(STUDENTS_PRIVATE_PAGE, STUDENTS_PRIVATE_FIELDS);
  const filters = readFilters(params);

  return (
    <StaffRoleGate roles={['school_admin']} message={SCHOOL_ONLY_MESSAGE}>
      <SearchPage
        formTitle="查找学生"
        form={<SearchForm key={filtersQuery(filters)} filters={filters} onSearch={(next) => search(new URLSearchParams(filtersQuery(next)))} />}
        resultsTestId="student-search-results"
        results={<Results schoolCode={staff?.school_code ?? ''} filters={filters} />}
      />
    </StaffRoleGate>
  );
}
