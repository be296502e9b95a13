import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { staffSession } from '@/lib/staff/staff-session';
import { changeRequest, page, platformAdmin, reviewer, schoolAdmin, staffLoggedIn } from '@/testing/corrections-fixtures';
import { json, problem, stubApi } from '@/testing/http';
import { fieldMessage, input, renderApp } from '@/testing/render-app';

import { STALE_MESSAGE } from './change-request-detail';

afterEach(() => staffSession.clear('logout'));

const query = (path: string | undefined) => Object.fromEntries(new URL(path ?? '', 'http://x').searchParams);
const rows = (table: HTMLElement) => within(table).getAllByRole('row').map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));

const twoChanges = changeRequest({
  changes: [
    { field: 'name', before: '王小明', after: '王晓明' },
    { field: 'major', before: '计算机科学与技术', after: '软件工程' },
  ],
});

describe('更正申请 (list)', () => {
  it('opens the reviewer’s queue: 待审核 first, with the changes and a stale warning', async () => {
    staffSession.start(staffLoggedIn(reviewer));
    const { calls } = stubApi({
      'GET /api/v1/change-requests': () =>
        json(200, page([twoChanges, changeRequest({ id: 'cr-2', student_name: '买买提·艾力', student_no: '2206510010', stale: true })])),
    });
    await renderApp('/staff/change-requests');
    const table = await screen.findByTestId('change-requests');
    expect(calls[0]?.authorization).toBe('Bearer staff-1');
    expect(query(calls[0]?.path)).toEqual({ status: 'pending', page: '1', per_page: '20' });
    const filters = screen.getByRole('navigation', { name: '按状态筛选' });
    expect(within(filters).getAllByRole('link').map((link) => link.textContent)).toEqual(['待审核', '已通过', '已驳回', '已失效', '已撤回', '全部']);
    expect(within(filters).getByRole('link', { name: '待审核' }).getAttribute('aria-current')).toBe('page');
    expect(rows(table)).toEqual([
      ['学校', '学号', '姓名', '更正内容', '状态', '提交时间'],
      ['北京大学', '2301110001', '王小明的更正申请', '姓名：王小明 → 王晓明；专业：计算机科学与技术 → 软件工程', '状态：待审核', expect.stringMatching(/^2026-11-29 \d\d:00$/)],
      ['北京大学', '2206510010', '买买提·艾力的更正申请', '姓名：王小明 → 王晓明', '状态：待审核学籍已变动提交后学籍已变动，不能再通过', expect.any(String)],
    ]);
    expect(within(table).getByRole('link', { name: /^王小明\s*的更正申请$/ }).getAttribute('href')).toBe('/staff/change-requests/cr-1');
  });

  it('shows a school admin all of its requests by default; a state filter narrows them', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubApi({
      'GET /api/v1/change-requests': [
        () => json(200, page([changeRequest({ status: 'approved', decided_by: 'beijing@xuexin.example', decided_at: '2026-11-29T09:00:00Z' })])),
        () => json(200, page([])),
      ],
    });
    const router = await renderApp('/staff/change-requests');
    const row = await screen.findByTestId('change-request-row');
    expect(query(calls[0]?.path)).toEqual({ page: '1', per_page: '20' });
    expect(within(row).getByTestId('change-request-status').textContent).toBe('状态：已通过');
    await userEvent.click(within(screen.getByRole('navigation', { name: '按状态筛选' })).getByRole('link', { name: '已驳回' }));
    expect((await screen.findByTestId('no-change-requests')).textContent).toBe('没有已驳回的更正申请。');
    expect(router.state.location.search).toBe('?status=rejected');
    expect(query(calls[1]?.path)).toMatchObject({ status: 'rejected' });
  });

  it('is for school admins and reviewers only', async () => {
    staffSession.start(staffLoggedIn(platformAdmin));
    const { calls } = stubApi({});
    await renderApp('/staff/change-requests');
    expect(screen.getByTestId('staff-forbidden').textContent).toContain('更正申请只供院校管理员');
    expect(calls).toHaveLength(0);
  });
});

describe('更正申请详情', () => {
  it('shows the diff as 字段 | 原值 | 更正为, the changed characters marked', async () => {
    staffSession.start(staffLoggedIn(reviewer));
    stubApi({ 'GET /api/v1/change-requests/cr-1': () => json(200, twoChanges) });
    await renderApp('/staff/change-requests/cr-1');
    const diff = await screen.findByTestId('change-diff');
    expect(rows(diff)).toEqual([
      ['字段', '原值', '更正为'],
      ['姓名', '王小明', '王晓明'],
      ['专业', '计算机科学与技术', '软件工程'],
    ]);
    expect(diff.querySelector('caption')?.textContent).toBe('更正内容（共 2 项）');
    const name = diff.querySelector('tr[data-field="name"]') as HTMLElement;
    expect(name.querySelector('del')?.textContent).toBe('小');
    expect(name.querySelector('ins')?.textContent).toBe('晓');
    expect(screen.getByTestId('request-reason').textContent).toBe('依据身份证更正姓名。');
    expect(screen.getByTestId('requested-by').textContent).toBe('pku@xuexin.example');
    expect(screen.getByRole('link', { name: '查看这条学籍' }).getAttribute('href')).toBe('/staff/enrollments/e-wxm');
    expect(screen.queryByRole('button', { name: '撤回申请' })).toBeNull();
  });

  it('通过 asks first, then shows 已通过', async () => {
    staffSession.start(staffLoggedIn(reviewer));
    const { calls } = stubApi({
      'GET /api/v1/change-requests/cr-1': () => json(200, changeRequest()),
      'POST /api/v1/change-requests/cr-1/approve': () =>
        json(200, changeRequest({ status: 'approved', decided_by: 'beijing@xuexin.example', decided_at: '2026-11-29T09:00:00Z', student_name: '王晓明' })),
    });
    await renderApp('/staff/change-requests/cr-1');
    await userEvent.click(await screen.findByRole('button', { name: '通过' }));
    const dialog = screen.getByRole('dialog', { name: '通过这份更正申请？' });
    expect(dialog.textContent).toContain('北京大学 王小明（学号 2301110001）的学籍将更正 1 项');
    // 取消 changes nothing.
    await userEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: '通过' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: '通过' }));
    expect((await screen.findByTestId('request-notice')).textContent).toBe('已通过，学籍已按申请更正。');
    expect(calls.find((call) => call.method === 'POST')).toMatchObject({ path: '/api/v1/change-requests/cr-1/approve', authorization: 'Bearer staff-1' });
    expect(within(screen.getByTestId('change-request')).getByTestId('change-request-status').textContent).toBe('状态：已通过');
    expect(screen.getByTestId('decided-by').textContent).toBe('beijing@xuexin.example');
    expect(screen.queryByTestId('review-decision')).toBeNull();
  });

  it('an approval refused as stale says the school must file it again, and shows 已失效', async () => {
    staffSession.start(staffLoggedIn(reviewer));
    stubApi({
      'GET /api/v1/change-requests/cr-1': [
        () => json(200, changeRequest()),
        () => json(200, changeRequest({ status: 'stale', decided_at: '2026-11-29T09:00:00Z', decision_reason: '学籍已在申请提交后变动。' })),
      ],
      'POST /api/v1/change-requests/cr-1/approve': () => problem(409, 'change_request_stale', '学籍在申请提交后已变动，申请已失效。'),
    });
    await renderApp('/staff/change-requests/cr-1');
    await userEvent.click(await screen.findByRole('button', { name: '通过' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: '通过' }));
    const notice = await screen.findByTestId('request-notice');
    expect(notice.textContent).toBe(STALE_MESSAGE);
    expect(notice.getAttribute('role')).toBe('alert');
    await waitFor(() => expect(within(screen.getByTestId('change-request')).getByTestId('change-request-status').textContent).toBe('状态：已失效'));
    expect(screen.getByTestId('decision-reason').textContent).toBe('学籍已在申请提交后变动。');
    expect(screen.getByTestId('request-outcome').textContent).toContain('已失效');
    expect(screen.queryByTestId('review-decision')).toBeNull();
  });

  it('驳回 needs a reason (said next to it, also from the server)', async () => {
    staffSession.start(staffLoggedIn(reviewer));
    const { calls } = stubApi({
      'GET /api/v1/change-requests/cr-1': () => json(200, changeRequest()),
      'POST /api/v1/change-requests/cr-1/reject': [
        () => problem(422, 'validation_failed', '提交的内容有误。', [{ field: 'reason', code: 'reason_too_long', message: '最多 500 个字。' }]),
        () => json(200, changeRequest({ status: 'rejected', decision_reason: '请附身份证复印件。', decided_by: 'beijing@xuexin.example' })),
      ],
    });
    await renderApp('/staff/change-requests/cr-1');
    await userEvent.click(await screen.findByRole('button', { name: '驳回' }));
    expect(fieldMessage('reason')).toBe('请写明原因。');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);
    await userEvent.type(input('驳回原因'), '请附身份证复印件。');
    await userEvent.click(screen.getByRole('button', { name: '驳回' }));
    await waitFor(() => expect(fieldMessage('reason')).toBe('最多 500 个字。'));
    await userEvent.type(input('驳回原因'), ' ');
    await userEvent.click(screen.getByRole('button', { name: '驳回' }));
    expect((await screen.findByTestId('request-notice')).textContent).toBe('已驳回，学校会看到驳回原因。');
    expect(calls.filter((call) => call.method === 'POST')[1]?.body).toEqual({ reason: '请附身份证复印件。' });
    expect(screen.getByText('驳回原因', { selector: 'dt' })).toBeTruthy();
    expect(screen.getByTestId('decision-reason').textContent).toBe('请附身份证复印件。');
  });

  it('the school withdraws its pending request (reason optional) after a confirmation', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubApi({
      'GET /api/v1/change-requests/cr-1': () => json(200, changeRequest()),
      'POST /api/v1/change-requests/cr-1/withdraw': () => json(200, changeRequest({ status: 'withdrawn', decided_by: 'pku@xuexin.example' })),
    });
    await renderApp('/staff/change-requests/cr-1');
    expect(screen.queryByRole('button', { name: '通过' })).toBeNull();
    await userEvent.click(await screen.findByRole('button', { name: '撤回申请' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: '撤回这份更正申请？' })).getByRole('button', { name: '撤回' }));
    expect((await screen.findByTestId('request-notice')).textContent).toContain('已撤回这份申请');
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({});
    expect(screen.getByTestId('decided-by').textContent).toBe('pku@xuexin.example');
    expect(screen.getByText('撤回人', { selector: 'dt' })).toBeTruthy();
  });

  it('explains a request outside the scope', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    stubApi({ 'GET /api/v1/change-requests/cr-x': () => problem(404, 'change_request_not_found', '没有找到这份更正申请。') });
    await renderApp('/staff/change-requests/cr-x');
    expect((await screen.findByTestId('change-request-not-found')).textContent).toContain('没有找到这份更正申请。');
  });
});

describe('更正记录 of a record', () => {
  it('lists the record’s requests with their states', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    stubApi({
      'GET /api/v1/enrollments/e-wxm': () => json(200, {
        id: 'e-wxm', school_code: '10001', school_name: '北京大学', province_name: '北京市', student_no: '2301110001', name: '王晓明',
        id_number: '11019920050314011X', sex: '男', birth_date: '2005-03-14', ethnicity: '汉族', major: '计算机科学与技术', level: '本科',
        study_form: '普通全日制', entry_date: '2023-09-01', expected_graduation: '2027-07-01', status: '在籍', qualification_pending: false,
        correction_pending: false, province_code: '11', pending_change_request_id: null, revocation_reason: null, duplicate_of: null, revoked_at: null,
      }),
      'GET /api/v1/change-requests': () =>
        json(200, page([changeRequest({ id: 'cr-3', status: 'rejected' }), changeRequest({ status: 'approved' })])),
    });
    await renderApp('/staff/enrollments/e-wxm');
    const history = await screen.findByTestId('change-request-history');
    const table = await within(history).findByRole('table');
    expect(rows(table).map((cells) => cells.slice(0, 4))).toEqual([
      ['学号', '姓名', '更正内容', '状态'],
      ['2301110001', '王小明的更正申请', '姓名：王小明 → 王晓明', '状态：已驳回'],
      ['2301110001', '王小明的更正申请', '姓名：王小明 → 王晓明', '状态：已通过'],
    ]);
  });
});
