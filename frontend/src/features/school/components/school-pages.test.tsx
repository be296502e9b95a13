import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { staffSession } from '@/lib/staff/staff-session';
import {
  changeRequest,
  otherEnrollment,
  page,
  platformAdmin,
  reviewer,
  schoolAdmin,
  staffEnrollment,
  staffLoggedIn,
} from '@/testing/corrections-fixtures';
import { json, problem, stubApi } from '@/testing/http';
import { fieldMessage, input, renderApp } from '@/testing/render-app';

afterEach(() => staffSession.clear('logout'));

const never = () => new Promise<Response>(() => {});
const query = (path: string | undefined) => Object.fromEntries(new URL(path ?? '', 'http://x').searchParams);
const rows = (table: HTMLElement) => within(table).getAllByRole('row').map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));

describe('在校生 (search)', () => {
  it('searches with the filters of the URL (staff token) and lists the records', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubApi({
      'POST /api/v1/schools/10001/students/search': () => json(200, page([staffEnrollment, otherEnrollment], { total: 45, page: 2 })),
    });
    const router = await renderApp('/staff/students?q=王&level=本科&qualification_pending=true&page=2');
    const table = await screen.findByTestId('student-results');
    // An old link with the free text in it: the text leaves the address bar, the search stays.
    await waitFor(() => expect(router.state.location.search).toBe('?level=%E6%9C%AC%E7%A7%91&qualification_pending=true&page=2'));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.authorization).toBe('Bearer staff-1');
    // The filters travel in the body, never in the API's URL.
    expect(calls[0]).toMatchObject({ path: '/api/v1/schools/10001/students/search', body: { q: '王', level: '本科', qualification_pending: true, page: 2, per_page: 20 } });
    // The form shows the filters it searched with.
    expect(input('关键词').value).toBe('王');
    expect((screen.getByLabelText('层次') as HTMLSelectElement).value).toBe('本科');
    expect((screen.getByLabelText('只看资格待查') as HTMLInputElement).checked).toBe(true);

    expect(rows(table)).toEqual([
      ['学号', '姓名', '身份证号', '层次', '专业', '学籍状态'],
      ['2301110001', '王小明', '11019920050314011X', '本科', '计算机科学与技术', '学籍状态：在籍'],
      ['2206510010', '买买提·艾力', '650199200409090799', '本科', '汉语言文学', '学籍状态：在籍资格待查更正申请中'],
    ]);
    expect(within(table).getByRole('link', { name: '王小明' }).getAttribute('href')).toBe('/staff/enrollments/e-wxm');
    // Every cell says which column it is (the cards of a phone show it).
    expect([...table.querySelectorAll('tbody tr:first-child td')].map((cell) => cell.getAttribute('data-label'))).toEqual([
      '学号',
      '姓名',
      '身份证号',
      '层次',
      '专业',
      '学籍状态',
    ]);
    expect(screen.getAllByTestId('pagination-summary')[0]?.textContent).toBe('第 2 / 3 页，共 45 条学籍记录');
    const previous = screen.getAllByRole('link', { name: '← 上一页' })[0];
    expect(previous?.getAttribute('href')).toBe('/staff/students?level=%E6%9C%AC%E7%A7%91&qualification_pending=true');
  });

  it('puts new filters into the URL (from page 1; not the free text) and searches again', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubApi({ 'POST /api/v1/schools/10001/students/search': () => json(200, page([staffEnrollment])) });
    const router = await renderApp('/staff/students?page=3');
    await screen.findByTestId('student-results');
    await userEvent.type(input('关键词'), '11019920050314011X');
    await userEvent.selectOptions(screen.getByLabelText('学籍状态'), '注销');
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    // The ID number stays out of the address bar (kept for the tab only).
    expect(router.state.location.search).toBe('?status=%E6%B3%A8%E9%94%80');
    expect(calls[1]?.body).toMatchObject({ q: '11019920050314011X', status: '注销', page: 1 });
    await userEvent.click(await screen.findByRole('link', { name: '清除条件' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('opens a record from its row', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    stubApi({
      'POST /api/v1/schools/10001/students/search': () => json(200, page([staffEnrollment])),
      'GET /api/v1/enrollments/e-wxm': () => json(200, staffEnrollment),
      'GET /api/v1/change-requests': () => json(200, page([])),
    });
    const router = await renderApp('/staff/students?q=王');
    await userEvent.click(within(await screen.findByTestId('student-results')).getByRole('link', { name: '王小明' }));
    await screen.findByTestId('enrollment-record');
    expect(router.state.location.pathname).toBe('/staff/enrollments/e-wxm');
    // ← 在校生 goes back to the search with its filters.
    expect(screen.getByRole('link', { name: '← 在校生' }).getAttribute('href')).toBe('/staff/students');
  });

  it('says so when nothing matches, with what to try', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    let answer!: (response: Response) => void;
    stubApi({ 'POST /api/v1/schools/10001/students/search': () => new Promise<Response>((resolve) => (answer = resolve)) });
    await renderApp('/staff/students?q=赵&status=休学');
    expect(screen.getByTestId('loading').textContent).toBe('正在查询…');
    answer(json(200, page([])));
    const empty = await screen.findByTestId('no-students');
    expect(empty.textContent).toContain('没有找到符合条件的学籍记录');
    expect(empty.textContent).toContain('学籍状态、层次和“只看资格待查”也会缩小范围');
  });

  it('is for school admins: others are told why, and nothing is asked', async () => {
    staffSession.start(staffLoggedIn(reviewer));
    const { calls } = stubApi({});
    await renderApp('/staff/students');
    expect(screen.getByTestId('staff-forbidden').textContent).toContain('在校生模块只供院校管理员使用');
    expect(calls).toHaveLength(0);
  });

  it('shows a 403 of the server as the same message', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    stubApi({ 'POST /api/v1/schools/10001/students/search': () => problem(403, 'outside_role', '您的工作人员角色不能执行此操作。') });
    await renderApp('/staff/students');
    expect((await screen.findByTestId('staff-forbidden')).textContent).toContain('在校生模块只供院校管理员使用');
  });

  it('sends a visitor without a staff session to the staff login', async () => {
    stubApi({});
    const router = await renderApp('/staff/students?q=王');
    expect(router.state.location.pathname).toBe('/login');
    const params = new URLSearchParams(router.state.location.search);
    expect(params.get('as')).toBe('staff');
    expect(new URL(params.get('next') ?? '', 'http://x').searchParams.get('q')).toBe('王');
  });
});

describe('学籍详情', () => {
  function stubRecord(record: object = staffEnrollment, extra: Parameters<typeof stubApi>[0] = {}) {
    return stubApi({
      'GET /api/v1/enrollments/e-wxm': () => json(200, record),
      'GET /api/v1/change-requests': () => json(200, page([])),
      ...extra,
    });
  }

  it('shows the record with its history; a school admin gets the actions', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubRecord();
    await renderApp('/staff/enrollments/e-wxm');
    const record = await screen.findByTestId('enrollment-record');
    expect(within(record).getByTestId('record-name').textContent).toBe('王小明');
    expect(within(record).getByTestId('fact-id-number').textContent).toBe('11019920050314011X');
    expect(within(record).getByTestId('fact-record-id').textContent).toBe('e-wxm');
    expect(await screen.findByTestId('no-history')).toBeTruthy();
    expect(query(calls.find((call) => call.path.startsWith('/api/v1/change-requests'))?.path)).toMatchObject({ enrollment_id: 'e-wxm' });
    const actions = screen.getByTestId('enrollment-actions');
    expect(within(actions).getAllByRole('button').map((button) => button.textContent)).toEqual(['申请更正', '注销重复学籍']);
  });

  it('申请更正: every field prefilled, only the changed ones sent; server messages next to their field', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubRecord(staffEnrollment, {
      'POST /api/v1/enrollments/e-wxm/change-requests': [
        () =>
          problem(422, 'validation_failed', '提交的内容有误，请按提示修改标出的字段。', [
            { field: 'changes.birth_date', code: 'invalid_value', message: '与身份证号不符（身份证号中的出生日期为 2005-03-14）' },
          ]),
        () => json(201, changeRequest({ changes: [{ field: 'name', before: '王小明', after: '王晓明' }] })),
      ],
    });
    await renderApp('/staff/enrollments/e-wxm');
    await userEvent.click(await screen.findByRole('button', { name: '申请更正' }));
    const form = screen.getByRole('form', { name: '申请更正' });
    expect(input('姓名').value).toBe('王小明');
    expect(input('出生日期').value).toBe('2005-03-14');
    expect((within(form).getByLabelText('学籍状态') as HTMLSelectElement).value).toBe('在籍');
    expect([...within(form).getByLabelText('学籍状态').querySelectorAll('option')].map((option) => option.textContent)).not.toContain('注销');

    // Nothing changed: said on top, nothing sent.
    await userEvent.type(input('更正原因'), '依据身份证更正。');
    await userEvent.click(screen.getByRole('button', { name: '提交更正申请' }));
    expect(screen.getByTestId('form-error').textContent).toContain('还没有修改任何一项');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);

    await userEvent.clear(input('姓名'));
    await userEvent.type(input('姓名'), '王晓明');
    fireEvent.change(input('出生日期'), { target: { value: '2005-04-14' } });
    expect(screen.getByTestId('change-summary').textContent).toBe('将申请更正 2 项：姓名、出生日期。');
    expect(input('姓名').closest('[data-field]')?.textContent).toContain('已修改，原值：王小明');
    await userEvent.click(screen.getByRole('button', { name: '提交更正申请' }));
    await waitFor(() => expect(fieldMessage('changes.birth_date')).toBe('与身份证号不符（身份证号中的出生日期为 2005-03-14）'));
    expect(calls.find((call) => call.method === 'POST')).toMatchObject({
      path: '/api/v1/enrollments/e-wxm/change-requests',
      authorization: 'Bearer staff-1',
      body: { changes: { name: '王晓明', birth_date: '2005-04-14' }, reason: '依据身份证更正。' },
    });
    expect(document.activeElement).toBe(input('出生日期'));

    fireEvent.change(input('出生日期'), { target: { value: '2005-03-14' } });
    await userEvent.click(screen.getByRole('button', { name: '提交更正申请' }));
    const notice = await screen.findByTestId('record-notice');
    expect(notice.textContent).toContain('已提交更正申请（1 项），等待省级教育部门审核');
    expect(within(notice).getByRole('link', { name: '查看更正申请' }).getAttribute('href')).toBe('/staff/change-requests/cr-1');
    expect(calls.filter((call) => call.method === 'POST')[1]?.body).toEqual({ changes: { name: '王晓明' }, reason: '依据身份证更正。' });
    expect(screen.getByTestId('pending-change-request')).toBeTruthy();
    expect(screen.getByTestId('change-blocked')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '申请更正' })).toBeNull();
    // The history is asked again.
    await waitFor(() => expect(calls.filter((call) => call.path.startsWith('/api/v1/change-requests'))).toHaveLength(2));
  });

  it('checks the name and ID number as typed and asks for the reason', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubRecord();
    await renderApp('/staff/enrollments/e-wxm');
    await userEvent.click(await screen.findByRole('button', { name: '申请更正' }));
    await userEvent.clear(input('姓名'));
    await userEvent.type(input('姓名'), 'Wang');
    await userEvent.click(screen.getByRole('button', { name: '提交更正申请' }));
    expect(fieldMessage('changes.name')).toContain('姓名请用汉字填写');
    expect(fieldMessage('reason')).toBe('请写明原因。');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);
  });

  it('a 409 (a request is pending already) is said on top and the record is loaded again', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubApi({
      'GET /api/v1/enrollments/e-wxm': [() => json(200, staffEnrollment), () => json(200, { ...staffEnrollment, pending_change_request_id: 'cr-9', correction_pending: true })],
      'GET /api/v1/change-requests': () => json(200, page([])),
      'POST /api/v1/enrollments/e-wxm/change-requests': () =>
        problem(409, 'change_request_pending', '这条学籍已有一份待审核的更正申请，请等待审核结果或撤回后再提交。'),
    });
    await renderApp('/staff/enrollments/e-wxm');
    await userEvent.click(await screen.findByRole('button', { name: '申请更正' }));
    await userEvent.type(input('专业'), '（辅修）');
    await userEvent.type(input('更正原因'), '补充辅修。');
    await userEvent.click(screen.getByRole('button', { name: '提交更正申请' }));
    expect((await screen.findByTestId('record-notice')).textContent).toContain('已有一份待审核的更正申请');
    await screen.findByTestId('pending-change-request');
    expect(screen.getByRole('link', { name: '查看待审核的更正申请' }).getAttribute('href')).toBe('/staff/change-requests/cr-9');
    expect(calls.filter((call) => call.path === '/api/v1/enrollments/e-wxm')).toHaveLength(2);
  });

  it('资格清查: only with 资格待查; a rejection needs the note and a confirmation', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const pending = { ...staffEnrollment, qualification_pending: true };
    const { calls } = stubRecord(pending, {
      'POST /api/v1/enrollments/e-wxm/qualification-check': () =>
        json(200, { ...pending, qualification_pending: false, status: '注销', revocation_reason: '专科学籍不存在。', revoked_at: '2026-11-29T09:00:00Z' }),
    });
    await renderApp('/staff/enrollments/e-wxm');
    await userEvent.click(await screen.findByRole('button', { name: '资格清查' }));
    await userEvent.click(screen.getByRole('button', { name: '提交清查结果' }));
    expect(fieldMessage('result')).toBe('请选择清查结果。');
    await userEvent.click(screen.getByRole('radio', { name: '资格不符，注销学籍' }));
    await userEvent.click(screen.getByRole('button', { name: '提交清查结果' }));
    expect(fieldMessage('note')).toBe('请写明原因。');
    await userEvent.type(input('清查说明'), '专科学籍不存在。');
    await userEvent.click(screen.getByRole('button', { name: '提交清查结果' }));
    const dialog = screen.getByRole('dialog', { name: '资格不符，注销这条学籍？' });
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: '注销学籍' }));
    expect((await screen.findByTestId('record-notice')).textContent).toBe('资格清查完成：资格不符，学籍已注销。');
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ result: 'rejected', note: '专科学籍不存在。' });
    expect(screen.getByTestId('revocation-reason').textContent).toBe('专科学籍不存在。');
    expect(screen.queryByTestId('enrollment-actions')).toBeNull();
  });

  it('资格清查 核实无误 is sent at once, without a note', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const pending = { ...staffEnrollment, qualification_pending: true };
    const { calls } = stubRecord(pending, {
      'POST /api/v1/enrollments/e-wxm/qualification-check': () => json(200, staffEnrollment),
    });
    await renderApp('/staff/enrollments/e-wxm');
    await userEvent.click(await screen.findByRole('button', { name: '资格清查' }));
    await userEvent.click(screen.getByRole('radio', { name: '资格核实无误' }));
    await userEvent.click(screen.getByRole('button', { name: '提交清查结果' }));
    expect((await screen.findByTestId('record-notice')).textContent).toContain('“资格待查”标记已清除');
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ result: 'confirmed' });
    expect(screen.queryByRole('button', { name: '资格清查' })).toBeNull();
  });

  it('注销重复学籍: the reason, a confirmation, and the server’s message next to 与之重复的学籍编号', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubRecord(staffEnrollment, {
      'POST /api/v1/enrollments/e-wxm/revocation': [
        () => problem(422, 'validation_failed', '提交的内容有误。', [{ field: 'duplicate_of', code: 'duplicate_not_found', message: '没有找到被重复的那条学籍。' }]),
        () => json(200, { ...staffEnrollment, status: '注销', revocation_reason: '成人教育重复学籍。', duplicate_of: 'e-other', revoked_at: '2026-11-29T09:00:00Z' }),
      ],
    });
    await renderApp('/staff/enrollments/e-wxm');
    await userEvent.click(await screen.findByRole('button', { name: '注销重复学籍' }));
    const form = screen.getByRole('form', { name: '注销重复学籍' });
    await userEvent.click(within(form).getByRole('button', { name: '注销学籍' }));
    expect(fieldMessage('reason')).toBe('请写明原因。');
    await userEvent.type(input('注销原因'), '成人教育重复学籍。');
    await userEvent.type(input('与之重复的学籍编号（选填）'), 'nope');
    await userEvent.click(within(form).getByRole('button', { name: '注销学籍' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: '注销这条学籍？' })).getByRole('button', { name: '确认注销' }));
    await waitFor(() => expect(fieldMessage('duplicate_of')).toBe('没有找到被重复的那条学籍。'));
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ reason: '成人教育重复学籍。', duplicate_of: 'nope' });

    await userEvent.clear(input('与之重复的学籍编号（选填）'));
    await userEvent.type(input('与之重复的学籍编号（选填）'), 'e-other');
    await userEvent.click(within(form).getByRole('button', { name: '注销学籍' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: '确认注销' }));
    expect((await screen.findByTestId('record-notice')).textContent).toBe('学籍已注销。');
    const revocation = screen.getByTestId('revocation');
    expect(within(revocation).getByRole('link', { name: '查看保留的那条学籍' }).getAttribute('href')).toBe('/staff/enrollments/e-other');
    expect(screen.getByTestId('enrollment-record').textContent).toContain('学籍状态：注销');
  });

  it('a reviewer reads the record only', async () => {
    staffSession.start(staffLoggedIn(reviewer));
    stubRecord({ ...staffEnrollment, correction_pending: true, pending_change_request_id: 'cr-1' });
    await renderApp('/staff/enrollments/e-wxm');
    await screen.findByTestId('enrollment-record');
    expect(screen.queryByTestId('enrollment-actions')).toBeNull();
    expect(screen.getByTestId('read-only-note')).toBeTruthy();
    expect(screen.getByRole('link', { name: '查看待审核的更正申请' }).getAttribute('href')).toBe('/staff/change-requests/cr-1');
    expect(screen.getByRole('link', { name: '← 更正申请' })).toBeTruthy();
  });

  it('explains a record outside the scope (404) and other roles (403)', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    stubApi({ 'GET /api/v1/enrollments/e-x': () => problem(404, 'enrollment_not_found', '没有找到这条学籍记录。') });
    await renderApp('/staff/enrollments/e-x');
    expect((await screen.findByTestId('enrollment-not-found')).textContent).toContain('没有找到这条学籍记录。');
  });

  it('is not for platform admins', async () => {
    staffSession.start(staffLoggedIn(platformAdmin));
    stubApi({ 'GET /api/v1/enrollments/e-wxm': never });
    await renderApp('/staff/enrollments/e-wxm');
    expect(screen.getByTestId('staff-forbidden').textContent).toContain('学籍详情只供本校的院校管理员和所在省份的审核员查看');
  });
});
