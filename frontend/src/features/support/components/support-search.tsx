import { useEffect, useRef, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';

import { Field } from '@/components/form/field';
import { FormAlert } from '@/components/form/form-alert';
import formStyles from '@/components/form/form.module.css';
import { ProblemAlert } from '@/components/form/problem-alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import tableStyles from '@/components/ui/data-table.module.css';
import { DataTable } from '@/components/ui/data-table';
import { LoadError, Loading } from '@/components/ui/load-states';
import { Pagination } from '@/components/ui/pagination';
import { ResultRow, SearchPage } from '@/components/search-page/search-page';
import { staffErrorMessage } from '@/components/staff-role-gate';
import { useApiQuery } from '@/hooks/use-api-query';
import { useFormFields } from '@/hooks/use-form-fields';
import { usePrivateSearchParams } from '@/lib/private-filters';
import { serverTrim, validateMobile } from '@/lib/rules';

import { searchAccounts } from '../api/search-accounts';
import type { SupportAccount, SupportAccountPage } from '../api/types';
import { ACCOUNT_STATUS, isLocked } from '../lib/account-status';
import { LOOKUP_FIELDS, lookupFromParams, lookupSearch, SUPPORT_PRIVATE_PAGE, supportPagePath, type SupportNavState } from '../lib/lookup';
import styles from './support.module.css';

export const SUPPORT_FORBIDDEN = '只有客服可以使用客服工作台。';
export const LOOKUP_REQUIRED = '请输入邮箱、手机号或身份证号中的至少一项。';

function Missing({ children }: { children: string }) {
  return <span className={formStyles.muted}>{children}</span>;
}

/** The badges of an account's state: its status, 已锁定 while logins are locked. */
export function AccountBadges({ account }: { account: SupportAccount }) {
  const status = ACCOUNT_STATUS[account.status];
  return (
    <span className={styles.badges}>
      <Badge tone={status.tone} srPrefix="状态：" testId="account-status">
        {status.label}
      </Badge>
      {isLocked(account) && (
        <Badge tone="danger" testId="account-locked">
          已锁定
        </Badge>
      )}
    </span>
  );
}

/** 有 / 无 学籍学历记录 for the account's name and ID number. */
export function RecordsBadge({ account }: { account: SupportAccount }) {
  if (!account.id_number) return <Missing>未实名</Missing>;
  return account.records_found ? (
    <Badge tone="ok" testId="records-found">
      有记录
    </Badge>
  ) : (
    <Badge tone="warn" testId="records-missing">
      无记录
    </Badge>
  );
}

function ResultsTable({ page, back }: { page: SupportAccountPage; back: string }) {
  const state: SupportNavState = { back };
  return (
    <DataTable testId="support-results" caption="查找结果" columns={['邮箱', '姓名', '身份证号', '手机号', '状态', '学籍学历记录']}>
      {page.items.map((account) => {
        const to = `/staff/support/accounts/${encodeURIComponent(account.id)}`;
        return (
          <ResultRow key={account.id} to={to} state={state}>
            <td data-label="邮箱">
              <Link to={to} state={state}>
                {account.email}
              </Link>
            </td>
            <td data-label="姓名">{account.name ?? <Missing>未填写</Missing>}</td>
            <td data-label="身份证号" className={tableStyles.mono}>
              {account.id_number ?? <Missing>未填写</Missing>}
            </td>
            <td data-label="手机号" className={tableStyles.mono}>
              {account.phone ?? <Missing>未确认</Missing>}
            </td>
            <td data-label="状态">
              <AccountBadges account={account} />
            </td>
            <td data-label="学籍学历记录">
              <RecordsBadge account={account} />
            </td>
          </ResultRow>
        );
      })}
    </DataTable>
  );
}

/**
 * 客服工作台: find a student's account by email, phone and/or ID number (exact; several combine
 * with AND). The search stays out of the address bar (it is all personal data) but is kept for
 * the tab, so Back from an account returns to its results; only the page is in the URL.
 */
export function SupportSearch() {
  const [params, searchAnew] = usePrivateSearchParams(SUPPORT_PRIVATE_PAGE, LOOKUP_FIELDS);
  const { pathname, search } = useLocation();
  const lookup = lookupFromParams(params);
  const key = lookup ? lookupSearch(lookup) : '';
  const { result, retry } = useApiQuery<SupportAccountPage | null>(
    (signal) => (lookup ? searchAccounts(lookup, signal) : Promise.resolve({ ok: true, data: null, response: new Response() })),
    key,
  );
  const form = useFormFields(
    { email: lookup?.email ?? '', phone: lookup?.phone ?? '', id_number: lookup?.id_number ?? '' },
    {
      email: (_, all) => (LOOKUP_FIELDS.every((field) => serverTrim(all[field]) === '') ? LOOKUP_REQUIRED : null),
      phone: (value) => (serverTrim(value) === '' ? null : (validateMobile(value)?.message ?? null)),
    },
  );
  const resultsRef = useRef<HTMLDivElement>(null);
  const submitted = useRef(false);

  // Back / Forward between searches: the inputs show the search on screen. (`reset` and
  // `showServerErrors` only set state, so the ones of any render will do.)
  useEffect(() => {
    const current = lookupFromParams(new URLSearchParams(key));
    form.reset({ email: current?.email ?? '', phone: current?.phone ?? '', id_number: current?.id_number ?? '' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // The server's messages for the inputs (a phone it does not accept) go next to them.
  const fieldErrors = result.state === 'error' && result.error.status === 422 ? result.error.fields : null;
  useEffect(() => {
    if (fieldErrors) form.showServerErrors(fieldErrors);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fieldErrors]);

  // After a search the results (or why there are none) are read out next.
  useEffect(() => {
    if (result.state !== 'loading' && submitted.current) {
      submitted.current = false;
      resultsRef.current?.focus();
    }
  }, [result.state]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.validate()) return;
    const next = lookupSearch({ email: form.values.email, phone: form.values.phone, id_number: form.values.id_number });
    submitted.current = true;
    if (next === key) retry();
    else searchAnew(new URLSearchParams(next));
  }

  const back = `${pathname}${search}`;
  const hrefFor = (page: number) => supportPagePath(lookup ?? {}, page);

  return (
    <>
      <SearchPage
        formTitle="查找学生账号"
        form={
          <form className={formStyles.form} noValidate onSubmit={submit} aria-label="查找学生账号" role="search">
            <p className={formStyles.muted}>填写一项或几项：每一项都须完整、准确；填写几项时，找出同时符合的账号。</p>
            <div className={styles.lookupFields}>
              <Field label="邮箱" type="text" inputMode="email" autoCapitalize="none" spellCheck={false} {...form.field('email')} />
              <Field label="手机号" type="tel" inputMode="tel" hint="完成注册时确认的号码" {...form.field('phone')} />
              <Field label="身份证号" type="text" autoCapitalize="characters" spellCheck={false} hint="18 位，最后一位可以是 X" {...form.field('id_number')} />
            </div>
            <div className={formStyles.actions}>
              <Button type="submit" busy={result.state === 'loading' && lookup !== null}>
                查找
              </Button>
            </div>
          </form>
        }
        resultsTitle="查找结果"
        resultsTestId="support-search-results"
        resultsRef={resultsRef}
        results={
          lookup ? (
            <>
              {result.state === 'loading' && <Loading>正在查找…</Loading>}
              {result.state === 'error' &&
                (result.error.status === 422 ? (
                  <ProblemAlert error={result.error} message="请按提示修改查找条件。" />
                ) : (
                  <LoadError error={result.error} onRetry={retry}>
                    {result.error.status === 403 && <p>{staffErrorMessage(result.error, SUPPORT_FORBIDDEN)}</p>}
                  </LoadError>
                ))}
              {result.state === 'ok' && result.data && (
                <>
                  {result.data.total === 0 ? (
                    <FormAlert tone="info" title="没有找到符合条件的账号。" testId="support-no-results">
                      <ul>
                        <li>邮箱、手机号和身份证号都须完整、准确（身份证号最后一位的 X 大小写均可）。</li>
                        <li>手机号只有在学生完成注册、确认过手机号后才能查到。</li>
                        <li>同时填写几项时，须全部符合；可以只用一项再查一次。</li>
                      </ul>
                    </FormAlert>
                  ) : (
                    <ResultsTable page={result.data} back={back} />
                  )}
                  <Pagination page={result.data.page} perPage={result.data.per_page} total={result.data.total} hrefFor={hrefFor} unit="个账号" />
                </>
              )}
            </>
          ) : null
        }
      />
      {!lookup && (
        <p className={formStyles.muted}>
          学生找不到学籍记录时，先在这里找到他的账号，核对姓名和身份证号。账号的姓名或身份证号填错了，就在账号页更正；学校记录有误，请学生联系学校。
          <Link to="/staff">返回工作台</Link>
        </p>
      )}
    </>
  );
}
