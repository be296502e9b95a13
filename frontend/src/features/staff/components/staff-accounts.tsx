import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { UiError } from '@/api/problem';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { SelectField } from '@/components/form/select-field';
import { TextareaField } from '@/components/form/textarea-field';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import tableStyles from '@/components/ui/data-table.module.css';
import { DataTable } from '@/components/ui/data-table';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Pagination } from '@/components/ui/pagination';
import { Panel } from '@/components/ui/panel';
import { useApiQuery } from '@/hooks/use-api-query';
import { useFocusOnShow } from '@/hooks/use-focus-on-show';
import { parsePage } from '@/lib/page-param';
import { REASON_MAX_CHARS, validateReason } from '@/lib/rules/reason';

import { resetStaffSecondFactor } from '../api/account-security';
import { listStaffAccounts } from '../api/list-staff-accounts';
import { setStaffDisabled } from '../api/set-staff-disabled';
import { ROLE_LABELS, roleText } from '@/lib/staff/roles';
import { type StaffRole, type StaffView, useStaff } from '@/lib/staff/staff-session';
import { StaffAccountSessions } from './staff-account-sessions';
import { CreateStaffAccount, ROLE_OPTIONS, STAFF_ACCOUNTS_FORBIDDEN } from './staff-accounts-create';
import { StaffForbidden, staffErrorMessage } from '@/components/staff-role-gate';
import styles from './staff-accounts.module.css';

/** The role filter and page of the list, from the URL (`?role=support&page=2`); an unknown role is no filter. */
export function staffListQuery(params: URLSearchParams): { role?: StaffRole; page?: number } {
  const role = params.get('role');
  const page = parsePage(params.get('page'));
  return {
    ...(role && role in ROLE_LABELS && { role: role as StaffRole }),
    ...(page > 1 && { page }),
  };
}

/** `/staff/accounts?…` for a role filter and page. */
export function staffListPath(query: { role?: StaffRole; page?: number }): string {
  const params = new URLSearchParams();
  if (query.role) params.set('role', query.role);
  if (query.page && query.page > 1) params.set('page', String(query.page));
  const search = params.toString();
  return `/staff/accounts${search ? `?${search}` : ''}`;
}

type Notice = { tone: 'success' | 'error'; text: string; error?: UiError };

/**
 * 工作人员账号 (platform admins): the staff list by role, a page at a time, 停用 (with a reason) /
 * 启用 per row after a confirmation, each account's 登录设备 with 结束全部会话, and a form for a
 * new account.
 */
export function StaffAccounts() {
  const me = useStaff();
  const [params, setParams] = useSearchParams();
  const query = staffListQuery(params);
  const key = staffListPath(query);
  const { result, retry, update } = useApiQuery((signal) => listStaffAccounts(query, signal), key);
  const [confirming, setConfirming] = useState<StaffView | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [sessionsOf, setSessionsOf] = useState<StaffView | null>(null);
  const [resetting, setResetting] = useState<StaffView | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  useFocusOnShow(noticeRef, notice);

  function announce(next: Notice) {
    setNotice(next);
  }

  function confirm(staff: StaffView) {
    setReason('');
    setReasonError(null);
    setConfirming(staff);
  }

  async function toggle(staff: StaffView) {
    if (busy) return;
    const disabling = !staff.disabled;
    if (disabling) {
      const broken = validateReason(reason);
      if (broken) {
        setReasonError(broken.message);
        return;
      }
    }
    setBusy(true);
    const outcome = await setStaffDisabled(staff.id, disabling, disabling ? reason.trim() : undefined);
    setBusy(false);
    if (!outcome.ok && outcome.error.status === 422 && outcome.error.fields.reason) {
      setReasonError(String(outcome.error.fields.reason));
      return;
    }
    setConfirming(null);
    if (outcome.ok) {
      const changed = outcome.data;
      update((page) => ({ ...page, items: page.items.map((item) => (item.id === changed.id ? changed : item)) }));
      announce({
        tone: 'success',
        text: changed.disabled ? `已停用 ${changed.email}：该账号已退出登录，不能再登录。` : `已启用 ${changed.email}：该账号可以重新登录了。`,
      });
      return;
    }
    const error = outcome.error;
    announce({
      tone: 'error',
      error,
      text: error.code === 'cannot_disable_self' ? '不能停用自己正在使用的账号。' : staffErrorMessage(error, STAFF_ACCOUNTS_FORBIDDEN),
    });
  }

  async function resetSecondFactor(staff: StaffView) {
    if (busy) return;
    if (reason.trim() === '') {
      setReasonError('请写明原因（例如：手机丢失，已电话核实本人）。');
      return;
    }
    setBusy(true);
    const outcome = await resetStaffSecondFactor(staff.id, reason.trim());
    setBusy(false);
    if (!outcome.ok && outcome.error.fields['reason']) {
      setReasonError(outcome.error.fields['reason']);
      return;
    }
    setResetting(null);
    setReason('');
    setReasonError(null);
    if (outcome.ok) {
      const changed = outcome.data;
      update((page) => ({ ...page, items: page.items.map((item) => (item.id === changed.id ? changed : item)) }));
      announce({ tone: 'success', text: `已重置 ${changed.email} 的两步验证：该账号已退出登录，下次登录后需重新开启。` });
      return;
    }
    announce({ tone: 'error', error: outcome.error, text: staffErrorMessage(outcome.error, STAFF_ACCOUNTS_FORBIDDEN) });
  }

  function created(staff: StaffView, withSetupLink: boolean) {
    retry();
    // With a setup link, the form shows the account and its link (and takes the focus) itself.
    if (withSetupLink) {
      setNotice(null);
      return;
    }
    announce({ tone: 'success', text: `已创建工作人员账号 ${staff.email}（${roleText(staff)}）。` });
  }

  if (result.state === 'error' && result.error.status === 403) return <StaffForbidden message={STAFF_ACCOUNTS_FORBIDDEN} />;

  return (
    <>
      {notice &&
        (notice.tone === 'error' && notice.error ? (
          <ProblemAlert ref={noticeRef} error={notice.error} message={notice.text} />
        ) : (
          <FormAlert tone="success" ref={noticeRef} testId="staff-accounts-notice">
            <p>{notice.text}</p>
          </FormAlert>
        ))}
      <Panel title="工作人员" testId="staff-accounts">
        <div className={styles.filterRow}>
          <SelectField
            label="按角色筛选"
            name="role_filter"
            value={query.role ?? ''}
            options={[{ value: '', label: '全部角色' }, ...ROLE_OPTIONS]}
            onChange={(event) => {
              const role = event.target.value as StaffRole | '';
              setParams(new URLSearchParams(staffListPath(role ? { role } : {}).split('?')[1] ?? ''));
            }}
          />
        </div>
        {result.state === 'loading' && <Loading>正在读取工作人员账号…</Loading>}
        {result.state === 'error' && <LoadError error={result.error} onRetry={retry} />}
        {result.state === 'ok' && (
          <>
            {result.data.items.length === 0 ? (
              <p className={formStyles.muted} data-testid="staff-accounts-empty">
                {query.role ? `还没有${ROLE_LABELS[query.role]}账号。` : '还没有工作人员账号。'}
              </p>
            ) : (
              <DataTable testId="staff-accounts-table" caption="工作人员账号" columns={['邮箱', '角色', '状态', '操作']}>
                {result.data.items.map((staff) => (
                  <tr key={staff.id} data-testid="staff-row" data-email={staff.email}>
                    <td data-label="邮箱">{staff.email}</td>
                    <td data-label="角色">{roleText(staff)}</td>
                    <td data-label="状态">
                      {staff.disabled ? (
                        <Badge tone="neutral" testId="staff-status">
                          已停用
                        </Badge>
                      ) : (
                        <Badge tone="ok" testId="staff-status">
                          正常
                        </Badge>
                      )}
                    </td>
                    <td data-label="操作" className={tableStyles.actions}>
                      {me?.id === staff.id ? (
                        <span className={formStyles.muted}>当前登录的账号</span>
                      ) : (
                        <>
                          <Button variant={staff.disabled ? 'secondary' : 'danger'} onClick={() => confirm(staff)}>
                            {staff.disabled ? '启用' : '停用'}
                            <span className="visually-hidden"> {staff.email}</span>
                          </Button>
                          {staff.second_factor_enrolled && (
                            <Button
                              variant="secondary"
                              onClick={() => {
                                setReason('');
                                setReasonError(null);
                                setResetting(staff);
                              }}
                            >
                              重置两步验证
                              <span className="visually-hidden"> {staff.email}</span>
                            </Button>
                          )}
                        </>
                      )}{' '}
                      {me?.id === staff.id ? (
                        // One's own sessions are ended at 登录设备 (the admin endpoints refuse oneself).
                        <Link to="/staff/sessions">
                          登录设备
                          <span className="visually-hidden"> {staff.email}</span>
                        </Link>
                      ) : (
                        <Button variant="secondary" onClick={() => setSessionsOf(staff)}>
                          登录设备
                          <span className="visually-hidden"> {staff.email}</span>
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
            <Pagination
              page={result.data.page}
              perPage={result.data.per_page}
              total={result.data.total}
              hrefFor={(page) => staffListPath({ ...query, page })}
              unit="个账号"
            />
          </>
        )}
      </Panel>
      {sessionsOf && <StaffAccountSessions key={sessionsOf.id} staff={sessionsOf} onClose={() => setSessionsOf(null)} />}
      <CreateStaffAccount onCreated={created} />
      {resetting && (
        <ConfirmDialog
          title="重置两步验证？"
          confirmLabel="重置"
          cancelLabel="取消"
          busy={busy}
          onConfirm={() => void resetSecondFactor(resetting)}
          onCancel={() => {
            setResetting(null);
            setReasonError(null);
          }}
          testId="staff-reset-2fa-dialog"
        >
          <p>
            {resetting.email}（{roleText(resetting)}）
          </p>
          <p>重置后，该工作人员立即退出登录，验证器和恢复码全部作废；平台管理员和客服下次登录后必须重新开启两步验证。</p>
          <TextareaField label="原因" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} error={reasonError ?? undefined} hint="会记入审计日志。" />
        </ConfirmDialog>
      )}
      {confirming && (
        <ConfirmDialog
          title={confirming.disabled ? '启用这个账号？' : '停用这个账号？'}
          confirmLabel={confirming.disabled ? '启用' : '停用'}
          cancelLabel="取消"
          busy={busy}
          onConfirm={() => void toggle(confirming)}
          onCancel={() => setConfirming(null)}
          testId="staff-toggle-dialog"
        >
          <p>
            {confirming.email}（{roleText(confirming)}）
          </p>
          <p>{confirming.disabled ? '启用后，该工作人员可以重新登录。' : '停用后，该工作人员立即退出登录，之后不能再登录，直到重新启用。'}</p>
          {!confirming.disabled && (
            <TextareaField
              label="停用原因"
              name="reason"
              hint={`例如“已离职”。必填，最多 ${REASON_MAX_CHARS} 字，记入审计日志。`}
              value={reason}
              error={reasonError ?? undefined}
              onChange={(event) => {
                setReason(event.target.value);
                setReasonError(null);
              }}
            />
          )}
        </ConfirmDialog>
      )}
    </>
  );
}
