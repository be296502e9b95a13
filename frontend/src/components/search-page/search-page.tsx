import { useId, useState, type CSSProperties, type FormEvent, type ReactNode, type Ref } from 'react';
import { Link, useNavigate } from 'react-router';

import formStyles from '@/components/form/form.module.css';
import { Button } from '@/components/ui/button';
import { Pagination } from '@/components/ui/pagination';
import { Panel } from '@/components/ui/panel';

import styles from './search-page.module.css';

/**
 * A staff search page: the form in a panel, then (once there is something to show) the results
 * in a panel of their own. `resultsRef` lets a page move the focus to the results after a search.
 */
export function SearchPage({
  formTitle,
  form,
  resultsTitle = '查询结果',
  resultsTestId,
  resultsRef,
  results,
}: {
  formTitle: string;
  form: ReactNode;
  resultsTitle?: string;
  resultsTestId: string;
  resultsRef?: Ref<HTMLDivElement>;
  /** `null`: no results panel (nothing searched yet). */
  results: ReactNode;
}) {
  return (
    <>
      <Panel title={formTitle}>{form}</Panel>
      {results !== null && (
        <Panel title={resultsTitle} testId={resultsTestId}>
          <div ref={resultsRef} tabIndex={resultsRef ? -1 : undefined} className={styles.results} aria-label={resultsRef ? resultsTitle : undefined}>
            {results}
          </div>
        </Panel>
      )}
    </>
  );
}

/** The filters being edited: they start from the current ones; `set` changes one. */
export function useFilterDraft<F extends object>(filters: F) {
  const [values, setValues] = useState(filters);
  const set = <K extends keyof F>(key: K, value: F[K]) => setValues((previous) => ({ ...previous, [key]: value }));
  return [values, set] as const;
}

/**
 * The filter form of a search page: its fields (in `columns` from tablet width), a checkbox,
 * 查询, and 清除条件 while a filter is set. Searching starts again at page 1 (the caller's `onSearch`).
 */
export function FilterForm({
  label,
  columns,
  fields,
  checkbox,
  onSearch,
  clear,
}: {
  label: string;
  /** `grid-template-columns` of the fields from tablet width. */
  columns: string;
  fields: ReactNode;
  checkbox: { name: string; label: string; checked: boolean; onChange: (checked: boolean) => void };
  onSearch: () => void;
  /** Where 清除条件 goes and what it forgets; `null` without filters. */
  clear: { to: string; onClick: () => void } | null;
}) {
  const checkboxId = useId();
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch();
  }
  return (
    <form className={styles.filters} role="search" aria-label={label} noValidate onSubmit={submit}>
      <div className={styles.filterFields} style={{ '--filter-columns': columns } as CSSProperties}>
        {fields}
      </div>
      <div className={styles.filterActions}>
        <div className={`${formStyles.checkbox} ${styles.checkbox}`}>
          <input
            id={checkboxId}
            type="checkbox"
            name={checkbox.name}
            checked={checkbox.checked}
            onChange={(event) => checkbox.onChange(event.target.checked)}
          />
          <label htmlFor={checkboxId}>{checkbox.label}</label>
        </div>
        <Button type="submit">查询</Button>
        {clear && (
          <Link to={clear.to} onClick={clear.onClick}>
            清除条件
          </Link>
        )}
      </div>
    </form>
  );
}

/**
 * A row of a results table that opens `to`: its link is the way for the keyboard and screen
 * readers; a click anywhere else on the row does the same.
 */
export function ResultRow({ to, state, testId, children }: { to: string; state: unknown; testId?: string; children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <tr
      data-clickable="true"
      data-testid={testId}
      onClick={(event) => {
        if (!(event.target instanceof Element) || !event.target.closest('a')) void navigate(to, { state });
      }}
    >
      {children}
    </tr>
  );
}

/** A page of results: the pagination above, and again below when there is more than one page. */
export function PagedResults({
  page,
  perPage,
  total,
  unit,
  hrefFor,
  children,
}: {
  page: number;
  perPage: number;
  total: number;
  unit: string;
  hrefFor: (page: number) => string;
  children: ReactNode;
}) {
  const pagination = <Pagination page={page} perPage={perPage} total={total} unit={unit} hrefFor={hrefFor} />;
  return (
    <>
      {pagination}
      {children}
      {total > perPage && pagination}
    </>
  );
}
