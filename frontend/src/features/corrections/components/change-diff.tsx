import tableStyles from '@/components/ui/data-table.module.css';
import { fieldLabel } from '@/lib/enrollment-fields';

import type { FieldChange } from '../api/types';
import { diffValues } from '../lib/labels';
import styles from './review.module.css';

function Value({ text, part, kind }: { text: string; part: { prefix: string; middle: string; suffix: string }; kind: 'del' | 'ins' }) {
  if (text === '') return <span className={styles.empty}>（空）</span>;
  const Mark = kind;
  return (
    <span data-testid={kind === 'del' ? 'diff-before' : 'diff-after'}>
      {part.prefix}
      {part.middle && <Mark>{part.middle}</Mark>}
      {part.suffix}
    </span>
  );
}

/**
 * The correction as a table 字段 | 原值 | 更正为 (cards on a phone): in each row the characters
 * that change are struck through in 原值 and bold, underlined in 更正为 — so 王小明 → 王晓明 shows
 * 小 → 晓 — besides their tint.
 */
export function ChangeDiff({ changes }: { changes: readonly FieldChange[] }) {
  return (
    <div className={tableStyles.wrap}>
      <table className={`${tableStyles.table} ${styles.diff}`} data-testid="change-diff">
        <caption>更正内容（共 {changes.length} 项）</caption>
        <thead>
          <tr>
            <th scope="col">字段</th>
            <th scope="col">原值</th>
            <th scope="col">更正为</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => {
            const diff = diffValues(change.before, change.after);
            return (
              <tr key={change.field} data-field={change.field}>
                <th scope="row" data-label="字段">
                  {fieldLabel(change.field)}
                </th>
                <td data-label="原值">
                  <Value text={change.before} kind="del" part={{ prefix: diff.prefix, middle: diff.removed, suffix: diff.suffix }} />
                </td>
                <td data-label="更正为">
                  <Value text={change.after} kind="ins" part={{ prefix: diff.prefix, middle: diff.added, suffix: diff.suffix }} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
