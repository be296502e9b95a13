import formStyles from '@/components/form/form.module.css';
import tableStyles from '@/components/ui/data-table.module.css';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Panel } from '@/components/ui/panel';
import { useApiQuery } from '@/hooks/use-api-query';

import { listChangeRequests } from '../api/list-change-requests';
import { ChangeRequestRows, ChangeRequestTableHead } from './change-request-list';

/** The most requests of one record listed at once (the server's page limit). */
const HISTORY_LIMIT = 100;

/** 更正记录 of one record: every change request with its state, newest first for the school. */
export function ChangeRequestHistory({ enrollmentId }: { enrollmentId: string }) {
  const { result, retry } = useApiQuery((signal) => listChangeRequests({ enrollmentId, perPage: HISTORY_LIMIT }, signal), enrollmentId);
  return (
    <Panel title="更正记录" testId="change-request-history">
      {result.state === 'loading' && <Loading>正在读取更正记录…</Loading>}
      {result.state === 'error' && <LoadError error={result.error} onRetry={retry} />}
      {result.state === 'ok' &&
        (result.data.items.length === 0 ? (
          <p className={formStyles.muted} data-testid="no-history">
            这条学籍还没有更正申请。
          </p>
        ) : (
          <div className={tableStyles.wrap}>
            <table className={tableStyles.table} data-testid="change-requests">
              <caption className="visually-hidden">这条学籍的更正申请</caption>
              <ChangeRequestTableHead showSchool={false} />
              <ChangeRequestRows items={result.data.items} showSchool={false} />
            </table>
            {result.data.total > result.data.items.length && (
              <p className={formStyles.muted}>只列出了最近的 {result.data.items.length} 份，共 {result.data.total} 份。</p>
            )}
          </div>
        ))}
    </Panel>
  );
}
