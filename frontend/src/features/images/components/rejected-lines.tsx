import formStyles from '@/components/form/form.module.css';
import tableStyles from '@/components/ui/data-table.module.css';
import { DataTable } from '@/components/ui/data-table';

import type { BatchReport } from '../api/types';
import styles from './images.module.css';

/** A batch's refused manifest lines (行号, 文件, 原因) and the files no line names. */
export function RejectedLines({ report }: { report: BatchReport }) {
  const { rejected, unreferenced_files: unreferenced } = report;
  return (
    <div className={styles.stack}>
      {rejected.length > 0 ? (
        <DataTable testId="batch-rejected" caption={<>未保存的行（共 {rejected.length} 行）</>} captionShown columns={['行号', '文件', '原因']}>
          {rejected.map((line) => (
            <tr key={`${line.line} ${line.file}`}>
              <td data-label="行号" className={tableStyles.nowrap}>
                {line.line}
              </td>
              <td data-label="文件" className={tableStyles.mono}>
                {line.file || '—'}
              </td>
              <td data-label="原因">{line.reason}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p className={formStyles.muted}>manifest.csv 的每一行都已保存。</p>
      )}
      {unreferenced.length > 0 && (
        <div data-testid="batch-unreferenced">
          <p className={styles.note}>压缩包里有 {unreferenced.length} 个文件没有写在 manifest.csv 中，没有保存：</p>
          <ul className={styles.fileList}>
            {unreferenced.map((file) => (
              <li key={file}>
                <code>{file}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
