import { Link } from 'react-router';

import styles from './pagination.module.css';

export interface PaginationProps {
  /** The page shown, from 1. */
  page: number;
  perPage: number;
  /** How many items match, over all pages. */
  total: number;
  /** The link of another page (the list keeps its filters in the URL). */
  hrefFor: (page: number) => string;
  /** What is counted: "共 93 条记录". */
  unit?: string;
  testId?: string;
}

/** How many pages `total` items make (at least 1). */
export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, perPage)));
}

/**
 * "第 2 / 5 页，共 93 条记录" with 上一页 / 下一页 links (real links: the page is in the URL, so
 * Back and a reload keep it). Without more than one page, only the count.
 */
export function Pagination({ page, perPage, total, hrefFor, unit = '条记录', testId = 'pagination' }: PaginationProps) {
  const pages = pageCount(total, perPage);
  const summary = (
    <p className={styles.summary} data-testid={`${testId}-summary`}>
      {pages > 1 ? `第 ${page} / ${pages} 页，` : ''}共 {total} {unit}
    </p>
  );
  if (pages <= 1 && page <= 1) return <div className={styles.pagination}>{summary}</div>;
  return (
    <nav className={styles.pagination} aria-label="分页" data-testid={testId}>
      {summary}
      <ul className={styles.links}>
        <li>
          {page > 1 ? (
            <Link to={hrefFor(Math.min(page - 1, pages))} rel="prev">
              ← 上一页
            </Link>
          ) : (
            <span aria-disabled="true">← 上一页</span>
          )}
        </li>
        <li>
          {page < pages ? (
            <Link to={hrefFor(page + 1)} rel="next">
              下一页 →
            </Link>
          ) : (
            <span aria-disabled="true">下一页 →</span>
          )}
        </li>
      </ul>
    </nav>
  );
}
