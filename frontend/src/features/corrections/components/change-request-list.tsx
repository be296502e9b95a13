import { Link, useSearchParams } from 'react-router';

import { FormAlert } from '@/components/form/form-alert';
import tableStyles from '@/components/ui/data-table.module.css';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Pagination } from '@/components/ui/pagination';
import { Panel } from '@/components/ui/panel';
import { StaffForbidden, StaffRoleGate } from '@/components/staff-role-gate';
import { useStaff } from '@/lib/staff/staff-session';
import { useApiQuery } from '@/hooks/use-api-query';
import { formatLocalDateTime } from '@/lib/datetime';
import { parsePage } from '@/lib/page-param';
import { changeRequestPath } from '@/lib/staff-links';

import { listChangeRequests, REQUESTS_PER_PAGE } from '../api/list-change-requests';
import type { ChangeRequest } from '../api/types';
import { CHANGE_REQUEST_STATUSES, changesSummary, STATUS_ORDER } from '../lib/labels';
import { listPath, readStatusFilter, type StatusFilter } from '../lib/list-filter';
import styles from './review.module.css';
import { ChangeRequestStatusBadge, StaleBadge } from './status-badge';

export const CHANGE_REQUEST_ROLES_MESSAGE = '更正申请只供院校管理员（本校的申请）和省级审核员（本省院校的申请）使用。';

/** The row of a request: who, what changes, where it stands. */
export function ChangeRequestRows({ items, showSchool = true }: { items: ChangeRequest[]; showSchool?: boolean }) {
  return (
    <tbody>
      {items.map((request) => (
        <tr key={request.id} data-testid="change-request-row" data-status={request.status}>
          {showSchool && <td data-label="学校">{request.school_name}</td>}
          <td data-label="学号" className={`${tableStyles.nowrap} ${tableStyles.mono}`}>
            {request.student_no}
          </td>
          <td data-label="姓名">
            <Link to={changeRequestPath(request.id)} className={styles.nameLink}>
              {request.student_name}
              <span className="visually-hidden">的更正申请</span>
            </Link>
          </td>
          <td data-label="更正内容" data-testid="change-summary">
            {changesSummary(request.changes)}
          </td>
          <td data-label="状态">
            <span className={styles.badges}>
              <ChangeRequestStatusBadge status={request.status} />
              {request.stale && request.status === 'pending' && <StaleBadge />}
            </span>
            {request.stale && request.status === 'pending' && <span className={styles.staleNote}>提交后学籍已变动，不能再通过</span>}
          </td>
          <td data-label="提交时间" className={tableStyles.nowrap}>
            {formatLocalDateTime(request.created_at, { seconds: false })}
          </td>
        </tr>
      ))}
    </tbody>
  );
}

export function ChangeRequestTableHead({ showSchool = true }: { showSchool?: boolean }) {
  return (
    <thead>
      <tr>
        {showSchool && <th scope="col">学校</th>}
        <th scope="col">学号</th>
        <th scope="col">姓名</th>
        <th scope="col">更正内容</th>
        <th scope="col">状态</th>
        <th scope="col">提交时间</th>
      </tr>
    </thead>
  );
}

function StatusFilterLinks({ current, role }: { current: StatusFilter; role: string | undefined }) {
  const filters: StatusFilter[] = role === 'provincial_reviewer' ? [...STATUS_ORDER, 'all'] : ['all', ...STATUS_ORDER];
  return (
    <nav aria-label="按状态筛选">
      <ul className={styles.filter}>
        {filters.map((filter) => (
          <li key={filter}>
            <Link to={listPath(filter, 1, role)} aria-current={filter === current ? 'page' : undefined}>
              {filter === 'all' ? '全部' : CHANGE_REQUEST_STATUSES[filter].label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function emptyText(filter: StatusFilter, reviewer: boolean): string {
  if (filter === 'pending') return reviewer ? '没有待审核的更正申请，审核队列已全部处理。' : '没有待审核的更正申请。';
  if (filter === 'all') return reviewer ? '本省院校还没有提交过更正申请。' : '本校还没有提交过更正申请。可以在“在校生”中打开一条学籍，申请更正。';
  return `没有${CHANGE_REQUEST_STATUSES[filter].label}的更正申请。`;
}

function Requests({ filter, page, role }: { filter: StatusFilter; page: number; role: string | undefined }) {
  const reviewer = role === 'provincial_reviewer';
  const status = filter === 'all' ? undefined : filter;
  const { result, retry } = useApiQuery((signal) => listChangeRequests({ status, page }, signal), `${filter} ${page}`);
  if (result.state === 'loading') return <Loading>正在读取更正申请…</Loading>;
  if (result.state === 'error') {
    if (result.error.status === 403) return <StaffForbidden message={CHANGE_REQUEST_ROLES_MESSAGE} />;
    return <LoadError error={result.error} onRetry={retry} />;
  }
  const { items, total, per_page: perPage } = result.data;
  if (items.length === 0) {
    return (
      <FormAlert tone="info" testId="no-change-requests">
        <p>{page > 1 ? '这一页没有申请。' : emptyText(filter, reviewer)}</p>
        {page > 1 && (
          <p>
            <Link to={listPath(filter, 1, role)}>回到第 1 页</Link>
          </p>
        )}
      </FormAlert>
    );
  }
  return (
    <>
      <Pagination page={page} perPage={perPage || REQUESTS_PER_PAGE} total={total} unit="份申请" hrefFor={(n) => listPath(filter, n, role)} />
      <div className={tableStyles.wrap}>
        <table className={tableStyles.table} data-testid="change-requests">
          <caption className="visually-hidden">更正申请列表</caption>
          <ChangeRequestTableHead />
          <ChangeRequestRows items={items} />
        </table>
      </div>
    </>
  );
}

/**
 * 更正申请: a reviewer's queue (待审核, oldest first) and the decided ones; a school admin's own
 * requests with their outcomes (newest first). The state and page are in the URL.
 */
export function ChangeRequestList() {
  const staff = useStaff();
  const role = staff?.role;
  const [params] = useSearchParams();
  const filter = readStatusFilter(params, role);
  const page = parsePage(params.get('page'));
  return (
    <StaffRoleGate roles={['school_admin', 'provincial_reviewer']} message={CHANGE_REQUEST_ROLES_MESSAGE}>
      <Panel testId="change-request-list">
        <StatusFilterLinks current={filter} role={role} />
        <div className={styles.list}>
          <Requests filter={filter} page={page} role={role} />
        </div>
      </Panel>
    </StaffRoleGate>
  );
}
