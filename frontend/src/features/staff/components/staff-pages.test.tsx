import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { json, noContent, problem, stubApi } from '@/testing/http';
import { input, renderApp } from '@/testing/render-app';

import { staffSession } from '@/lib/staff/staff-session';

const admin = { id: 's1', email: 'admin@example.cn', role: 'platform_admin' as const, school_code: null, province_code: null, disabled: false, second_factor_enrolled: false };
const schoolAdmin = { id: 's2', email: 'school@example.cn', role: 'school_admin' as const, school_code: '10001', province_code: null, disabled: false, second_factor_enrolled: false };
const loggedIn = (staff: typeof admin | typeof schoolAdmin) => ({ access_token: 'staff-1', token_type: 'Bearer', expires_in: 28800, staff });
const report = (over: Partial<{ rows: number; imported: number; dry_run: boolean; errors: { line: number; field: string; reason: string }[]; errors_truncated: boolean }>) => ({
  rows: 2,
  imported: 0,
  dry_run: true,
  errors: [],
  errors_truncated: false,
  ...over,
});
const CSV = 'code,name,province_code\n10001,北京大学,11\n10002,清华大学,99\n';

afterEach(() => staffSession.clear('logout'));

async function logIn(email = 'admin@example.cn', password = 'Admin2026ok') {
  // The staff form of /login is its own chunk: it appears after the page's heading.
  await screen.findByLabelText('电子邮箱', { exact: true });
  await userEvent.type(input('电子邮箱'), email);
  await userEvent.type(input('密码'), password);
  await userEvent.click(screen.getByRole('button', { name: '登录' }));
}

async function pickFile(text = CSV, name = 'schools.csv') {
  await userEvent.upload(input('CSV 文件'), new File([text], name, { type: 'text/csv' }));
}

describe('StaffLoginForm', () => {
  it('logs in with the staff endpoint and goes to 工作台', async () => {
    const { calls } = stubApi({ 'POST /api/v1/staff/sessions': () => json(200, loggedIn(admin)), 'GET /api/v1/staff/me': () => json(200, admin) });
    const router = await renderApp('/login?as=staff');
    expect(screen.getByRole('tab', { name: '工作人员登录' }).getAttribute('aria-selected')).toBe('true');
    await logIn();
    expect((await screen.findByTestId('staff-email')).textContent).toBe('admin@example.cn');
    expect(screen.getByTestId('staff-role').textContent).toBe('平台管理员');
    expect(screen.getByRole('link', { name: '数据导入' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/staff');
    expect(calls[0]).toMatchObject({ path: '/api/v1/staff/sessions', body: { email: 'admin@example.cn', password: 'Admin2026ok' }, authorization: null });
    expect(calls[1]).toMatchObject({ path: '/api/v1/staff/me', authorization: 'Bearer staff-1' });
  });

  it('says 邮箱或密码不正确 on top and asks for the password again', async () => {
    stubApi({ 'POST /api/v1/staff/sessions': () => problem(401, 'invalid_credentials', '邮箱或密码不正确。') });
    await renderApp('/staff/login');
    await logIn('admin@example.cn', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('邮箱或密码不正确。');
    expect(input('密码').value).toBe('');
    expect(document.activeElement).toBe(input('密码'));
    expect(staffSession.isLoggedIn()).toBe(false);
  });

  it('shows the lockout wait from Retry-After', async () => {
    stubApi({
      'POST /api/v1/staff/sessions': () => problem(429, 'account_locked', '密码错误次数过多，账号已暂时锁定。', undefined, { 'Retry-After': '900' }),
    });
    await renderApp('/staff/login');
    await logIn();
    expect((await screen.findByTestId('retry-after')).textContent).toBe('请在 15 分钟后再试。');
  });

  it('asks for both inputs before sending anything', async () => {
    const { calls } = stubApi({});
    await renderApp('/staff/login');
    await userEvent.click(await screen.findByRole('button', { name: '登录' }));
    expect(screen.getByTestId('error-email').textContent).toBe('请输入电子邮箱。');
    expect(calls).toHaveLength(0);
  });

  it('sends a visitor without a staff session to the login, and back afterwards', async () => {
    stubApi({ 'POST /api/v1/staff/sessions': () => json(200, loggedIn(admin)) });
    const router = await renderApp('/staff/imports');
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('?as=staff&next=/staff/imports');
    await logIn();
    await screen.findByRole('heading', { level: 1, name: '数据导入' });
  });
});

describe('工作台', () => {
  it('shows a school admin with the school code, without 数据导入; 退出 ends the session', async () => {
    staffSession.start(loggedIn(schoolAdmin));
    const { calls } = stubApi({ 'GET /api/v1/staff/me': () => json(200, schoolAdmin), 'DELETE /api/v1/staff/sessions/current': () => noContent() });
    const router = await renderApp('/staff');
    expect((await screen.findByTestId('staff-role')).textContent).toBe('院校管理员（院校代码 10001）');
    expect(screen.queryByRole('link', { name: '数据导入' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: '退出' }));
    expect((await screen.findByTestId('staff-login-notice')).textContent).toBe('你已退出登录。');
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('?as=staff');
    expect(calls[1]).toMatchObject({ method: 'DELETE', authorization: 'Bearer staff-1' });
    expect(staffSession.isLoggedIn()).toBe(false);
  });

  it('goes back to the staff login when the server refuses the token', async () => {
    staffSession.start(loggedIn(admin));
    stubApi({ 'GET /api/v1/staff/me': () => problem(401, 'session_revoked', '登录已失效。') });
    const router = await renderApp('/staff');
    expect((await screen.findByTestId('staff-login-notice')).textContent).toBe('登录已过期，请重新登录。');
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('?as=staff&next=/staff');
  });
});

describe('数据导入', () => {
  it('checks a good file (dry run, text/csv body), then imports it', async () => {
    staffSession.start(loggedIn(admin));
    const { calls } = stubApi({
      'POST /api/v1/imports/schools': [() => json(200, report({})), () => json(200, report({ dry_run: false, imported: 2 }))],
    });
    await renderApp('/staff/imports');
    expect(screen.getByRole('radio', { name: '学校' }).getAttribute('aria-describedby')).toBeTruthy();
    expect(document.body.textContent).toContain('code,name,province_code');
    await pickFile('code,name,province_code\n10001,北京大学,11\n10003,浙江大学,33\n');
    await userEvent.click(screen.getByRole('button', { name: '检查' }));
    expect((await screen.findByTestId('import-rows')).textContent).toBe('共 2 行');
    expect(screen.getByTestId('import-ok').textContent).toBe('全部正确，可以导入。');
    expect(calls[0]).toMatchObject({
      path: '/api/v1/imports/schools?dry_run=true',
      contentType: 'text/csv',
      authorization: 'Bearer staff-1',
      body: 'code,name,province_code\n10001,北京大学,11\n10003,浙江大学,33\n',
    });
    await userEvent.click(screen.getByRole('button', { name: '导入' }));
    expect((await screen.findByTestId('import-done')).textContent).toBe('已导入 2 行学校数据。');
    expect(calls[1]?.path).toBe('/api/v1/imports/schools?dry_run=false');
  });

  it('lists the errors of a bad file (行号 / 列 / 原因), with no 导入 button', async () => {
    staffSession.start(loggedIn(admin));
    const { calls } = stubApi({
      'POST /api/v1/imports/enrollments': () =>
        json(200, report({ errors: [{ line: 3, field: 'province_code', reason: '省份代码不存在。' }], errors_truncated: true })),
    });
    await renderApp('/staff/imports');
    await userEvent.click(screen.getByRole('radio', { name: '学籍' }));
    await pickFile();
    await userEvent.click(screen.getByRole('button', { name: '检查' }));
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent))).toEqual([
      ['行号', '列', '原因'],
      ['3', 'province_code', '省份代码不存在。'],
    ]);
    expect(screen.getByTestId('import-has-errors').textContent).toBe('有错误的文件不会导入任何数据，请修改后重新检查。');
    expect(screen.getByTestId('errors-truncated')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '导入' })).toBeNull();
    expect(calls[0]?.path).toBe('/api/v1/imports/enrollments?dry_run=true');
  });

  it('asks for a file first, and explains 413', async () => {
    staffSession.start(loggedIn(admin));
    const { calls } = stubApi({ 'POST /api/v1/imports/schools': () => problem(413, 'payload_too_large', 'Payload too large') });
    await renderApp('/staff/imports');
    await userEvent.click(screen.getByRole('button', { name: '检查' }));
    expect(screen.getByTestId('error-file').textContent).toBe('请选择要导入的 CSV 文件。');
    expect(calls).toHaveLength(0);
    await pickFile();
    await userEvent.click(screen.getByRole('button', { name: '检查' }));
    expect((await screen.findByRole('alert')).textContent).toContain('文件太大');
  });

  it('tells other roles that only platform admins import, and says so on a 403 too', async () => {
    staffSession.start(loggedIn(schoolAdmin));
    await renderApp('/staff/imports');
    expect(screen.getByTestId('import-forbidden').textContent).toContain('只有平台管理员可以导入数据');
    expect(screen.queryByLabelText('CSV 文件')).toBeNull();
  });

  it('shows the server’s 403 as the same message (the role changed since the login)', async () => {
    staffSession.start(loggedIn(admin));
    stubApi({ 'POST /api/v1/imports/schools': () => problem(403, 'outside_role', '无权执行此操作。') });
    await renderApp('/staff/imports');
    await pickFile();
    await userEvent.click(screen.getByRole('button', { name: '检查' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('只有平台管理员可以导入数据。'));
  });
});
