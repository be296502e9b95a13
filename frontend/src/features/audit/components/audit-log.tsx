import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';

import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Button } from '@/components/ui/button';
import tableStyles from '@/components/ui/data-table.module.css';
import { DataTable } from '@/components/ui/data-table';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Pagination } from '@/components/ui/pagination';
import { Panel } from '@/components/ui/panel';
import { StaffForbidden } from '@/components/staff-role-gate';
import { useApiQuery } from '@/hooks/use-api-query';
import { formatLocalDateTime } from '@/lib/datetime';

import { listAuditEvents, type AuditEvent } from '../api/list-audit-events';
import { diffStates } from '../lib/diff';
import { AUDIT_FILTER_FIELDS, filterFromParams, filterSearch, hasFilters, toAuditQuery, type AuditFilter } from '../lib/filters';
import { ACTION_LABELS, ACTION_PREFIXES, actionLabel, actorRoleLabel, TARGET_TYPE_LABELS, targetTypeLabel } from '../lib/vocab';
import styles from './audit.module.css';

export const AUDIT_FORBIDDEN = '只有平台管理员可以查看审计日志。';

/** The page of the audit log with these filters. */
export const auditPath = (filter: AuditFilter) => `/staff/audit${filterSearch(filter)}`;

type FilterValues = Record<(typeof AUDIT_FILTER_FIELDS)[number], string>;

const valuesOf = (filter: AuditFilter): FilterValues => ({
  actor: filter.actor ?? '',
  action: filter.action ?? '',
  target_type: filter.target_type ?? '',
  target: filter.target ?? '',
  from: filter.from ?? '',
  to: filter.to ?? '',
});

/** The before/after states of an event as a key/value diff (changed fields marked). */
export function StateDiff({ event }: { event: AuditEvent }) {
  const rows = diffStates(event.before ?? null, event.after ?? null);
  if (rows.length === 0) return <p className={formStyles.muted}>这条记录没有保存修改前后的内容。</p>;
  return (
    <table className={styles.diff} data-testid="audit-diff">
      <caption className="visually-hidden">修改前后</caption>
      <thead>
        <tr>
          <th scope="col">字段</th>
          <th scope="col">修改前</th>
          <th scope="col">修改后</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.field} data-changed={row.changed || undefined}>
            <th scope="row">
              <code>{row.field}</code>
              {row.changed && <span className="visually-hidden">（已更改）</span>}
            </th>
            <td data-label="修改前">{row.before ?? <span className={formStyles.muted}>—</span>}</td>
            <td data-label="修改后">{row.after ?? <span className={formStyles.muted}>—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EventDetails({ event, id }: { event: AuditEvent; id: string }) {
  return (
    <div id={id} className={styles.details} data-testid="audit-details">
      <StateDiff event={event} />
      <dl className={styles.meta}>
        <dt>操作人 ID</dt>
        <dd>
          {event.actor_id ? (
            <>
              <code>{event.actor_id}</code> <Link to={auditPath({ actor: event.actor_id })}>只看此人的操作</Link>
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>对象</dt>
        <dd>
          <code>{event.target_id}</code>{' '}
          <Link to={auditPath({ target_type: event.target_type, target: event.target_id })}>只看此对象的记录</Link>
        </dd>
        <dt>请求 ID</dt>
        <dd>{event.request_id ? <code>{event.request_id}</code> : '—'}</dd>
        <dt>哈希</dt>
        <dd>{event.hash ? <code>{event.hash}</code> : '—'}</dd>
        <dt>前一条的哈希</dt>
        <dd>{event.prev_hash ? <code>{event.prev_hash}</code> : '—'}</dd>
      </dl>
    </div>
  );
}

function EventRows({ event, open, onToggle }: { event: AuditEvent; open: boolean; onToggle: () => void }) {
  const detailsId = useId();
  const label = actionLabel(event.action);
  return (
    <>
      <tr data-testid="audit-event" data-action={event.action}>
        <td data-label="时间" className={tableStyles.nowrap}>
          <time dateTime={event.occurred_at}>{formatLocalDateTime(event.occurred_at)}</time>
        </td>
        <td data-label="操作人">{actorRoleLabel(event.actor_role)}</td>
        <td data-label="操作">
          <div>
            {label && <span className={styles.label}>{label}</span>}
            <code className={styles.code}>{event.action}</code>
          </div>
        </td>
        <td data-label="对象">
          <div>
            <span className={styles.label}>{targetTypeLabel(event.target_type)}</span>
            <code className={styles.code}>{event.target_id}</code>
          </div>
        </td>
        <td data-label="原因">{event.reason ?? <span className={formStyles.muted}>—</span>}</td>
        <td className={tableStyles.actions}>
          <Button variant="link" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={onToggle}>
            {open ? '收起' : '详情'}
            <span className="visually-hidden">：{label ?? event.action}，{formatLocalDateTime(event.occurred_at)}</span>
          </Button>
        </td>
      </tr>
      {open && (
        <tr className={tableStyles.detail}>
          <td colSpan={6}>
            <EventDetails event={event} id={detailsId} />
          </td>
        </tr>
      )}
    </>
  );
}

function EventsTable({ events }: { events: AuditEvent[] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <DataTable testId="audit-events" caption="审计记录，最新的在前" columns={['时间', '操作人', '操作', '对象', '原因', { hidden: '修改前后' }]}>
      {events.map((event) => (
        <Fragment key={event.id}>
          <EventRows event={event} open={open.has(event.id)} onToggle={() => toggle(event.id)} />
        </Fragment>
      ))}
    </DataTable>
  );
}

/**
 * 审计日志 (platform admins): the filters live in the URL query, so a filtered view can be
 * bookmarked or shared; the list is newest first, a page at a time, each event expandable to its
 * before/after states.
 */
export function AuditLog() {
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const key = filterSearch(filter);
  const { result, retry } = useApiQuery((signal) => listAuditEvents(toAuditQuery(filter), signal), key);
  const [values, setValues] = useState<FilterValues>(() => valuesOf(filter));
  const [rangeError, setRangeError] = useState<string | undefined>();
  const resultsRef = useRef<HTMLDivElement>(null);
  const submitted = useRef(false);
  const actionsListId = useId();
  const typesListId = useId();

  // Back / Forward, or a link that sets a filter: the inputs show the filters in effect.
  useEffect(() => {
    setValues(valuesOf(filterFromParams(new URLSearchParams(key))));
    setRangeError(undefined);
  }, [key]);

  useEffect(() => {
    if (result.state !== 'loading' && submitted.current) {
      submitted.current = false;
      resultsRef.current?.focus();
    }
  }, [result.state]);

  const serverFields = result.state === 'error' && result.error.status === 422 ? result.error.fields : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    if (values.from && values.to && values.from > values.to) {
      setRangeError('“止”的日期不能早于“起”。');
      return;
    }
    setRangeError(undefined);
    const next = filterSearch(values);
    submitted.current = true;
    if (next === key) retry();
    else setParams(new URLSearchParams(next));
  }

  function clear() {
    setValues(valuesOf({}));
    setRangeError(undefined);
    if (key !== '') setParams(new URLSearchParams());
  }

  const field = (name: keyof FilterValues) => ({
    name,
    value: values[name],
    onChange: (event: { target: { value: string } }) => setValues((previous) => ({ ...previous, [name]: event.target.value })),
    error: (name === 'to' ? rangeError : undefined) ?? serverFields[name],
  });

  return (
    <>
      <Panel title="筛选">
        <form className={formStyles.form} noValidate onSubmit={submit} aria-label="筛选审计日志">
          <div className={styles.filters}>
            <Field label="操作人 ID" type="text" autoComplete="off" spellCheck={false} {...field('actor')} />
            <Field
              label="操作"
              type="text"
              autoComplete="off"
              spellCheck={false}
              list={actionsListId}
              hint="如 account.identity_corrected；以“.”结尾表示前缀，如 account."
              {...field('action')}
            />
            <Field label="对象类型" type="text" autoComplete="off" spellCheck={false} list={typesListId} hint="如 account、enrollment、staff" {...field('target_type')} />
            <Field label="对象 ID" type="text" autoComplete="off" spellCheck={false} {...field('target')} />
            <Field label="起" type="date" hint="从这一天 0 点起（本地时间）" {...field('from')} />
            <Field label="止" type="date" hint="到这一天结束（本地时间）" {...field('to')} />
          </div>
          <datalist id={actionsListId}>
            {Object.entries(ACTION_PREFIXES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
            {Object.entries(ACTION_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </datalist>
          <datalist id={typesListId}>
            {Object.entries(TARGET_TYPE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </datalist>
          <div className={formStyles.actions}>
            <Button type="submit" busy={result.state === 'loading'}>
              筛选
            </Button>
            <Button variant="secondary" onClick={clear}>
              清除条件
            </Button>
          </div>
        </form>
      </Panel>

      <Panel title={hasFilters(filter) ? '符合条件的记录' : '全部记录'} testId="audit-results">
        <div ref={resultsRef} tabIndex={-1} className={styles.results} aria-label="审计记录">
          {result.state === 'loading' && <Loading>正在读取审计日志…</Loading>}
          {result.state === 'error' &&
            (result.error.status === 403 ? (
              <StaffForbidden message={AUDIT_FORBIDDEN} />
            ) : result.error.status === 422 ? (
              <ProblemAlert error={result.error} message="请按提示修改筛选条件。" />
            ) : (
              <LoadError error={result.error} onRetry={retry} />
            ))}
          {result.state === 'ok' && (
            <>
              {result.data.items.length === 0 ? (
                <FormAlert tone="info" testId="audit-empty">
                  <p>{hasFilters(filter) ? '没有符合条件的记录。可以放宽条件（例如用操作前缀、扩大日期范围）再试。' : '审计日志里还没有记录。'}</p>
                </FormAlert>
              ) : (
                <EventsTable events={result.data.items} />
              )}
              <Pagination
                page={result.data.page}
                perPage={result.data.per_page}
                total={result.data.total}
                hrefFor={(page) => auditPath({ ...filter, page })}
                unit="条记录"
              />
            </>
          )}
        </div>
      </Panel>
    </>
  );
}
