import type { ReactNode } from 'react';

import tableStyles from './data-table.module.css';

/** A column's heading; `{ hidden }` for one only a screen reader reads (a column of buttons); `false` or `undefined` leaves it out. */
export type Column = string | { hidden: string } | false | undefined;

/**
 * A table of `data-table.module.css` (cards on phones): the caption (read only by a screen reader
 * unless `captionShown`), the column headings, and the rows (`children`, the cells with their `data-label`).
 */
export function DataTable({
  testId,
  caption,
  captionShown = false,
  columns,
  className,
  children,
}: {
  testId: string;
  caption: ReactNode;
  captionShown?: boolean;
  columns: readonly Column[];
  /** Added to the table's class. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={tableStyles.wrap}>
      <table className={className ? `${tableStyles.table} ${className}` : tableStyles.table} data-testid={testId}>
        <caption className={captionShown ? undefined : 'visually-hidden'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) =>
              !column ? null : (
                <th key={i} scope="col">
                  {typeof column === 'string' ? column : <span className="visually-hidden">{column.hidden}</span>}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
