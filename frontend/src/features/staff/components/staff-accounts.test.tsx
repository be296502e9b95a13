import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { json, problem, stubApi } from '@/testing/http';
import { fieldMessage, input, renderApp } from '@/testing/render-app';

import { staffSession, type StaffRole, type StaffView } from '@/lib/staff/staff-session';
import { STAFF_TOOLS } from './staff-home';

const staff = (role: StaffRole, over: Partial<StaffView> = {}): StaffView => ({
  id: `id-${role}`,
  email: `${role}@example.cn`,
  role,
  school_code: role === 'school_admin' ? '10001' : null,
  province_code: role === 'provincial_reviewer' ? '11' : null,
  disabled: false,
  second_factor_enrolled: false,
  ...over,
});
const admin = staff('platform_admin');
const logInAs = (who: StaffView) => staffSession.start({ access_token: 'staff-1', token_type: 'Bearer', expires_in: 28800, staff: who });
const page = (items: StaffView[], over: Record<string, number> = {}) => ({ items, total: items.length, page: 1, per_page: 20, ...over });
const rowOf = (email: string) => screen.getAllByTestId('staff-row').find((row) => row.dataset.email === email)!;

afterEach(() => staffSession.clear('logout'));

describe('工作台 consoles', () => {
  const links = () => within(screen.getByTestId('staff-tools')).queryAllByRole('link').map((a) => [a.textContent, a.getAttribute('href')]);

  it.each([
    [
      'school_admin',
      [
        ['在校生查询', '/staff/students'],
        ['更正申请', '/staff/change-requests'],
        ['图像校对', '/staff/images'],
        ['照片校对申请', '/staff/collation-requests'],
      ],
    ],
    ['provincial_reviewer', [['待审核更正', '/staff/change-requests?status=pending']]],
    ['support', [['客服工作台', '/staff/support']]],
    ['platform_admin', [['数据导入', '/staff/imports'], ['工作人员账号', '/staff/accounts'], ['审计日志', '/staff/audit']]],
    ['image_operator', [['照片批量上传', '/staff/image-batches']]],
  ] as const)('links %s to its modules only', async (role, expected) => {
    const me = staff(role);
    logInAs(me);
    stubApi({ 'GET /api/v1/staff/me': () => json(200, me) });
    await renderApp('/staff');
    await screen.findByTestId('staff-tools');
    expect(links()).toEqual(expected);
    expect(STAFF_TOOLS[role].map((tool) => [tool.label, tool.to])).toEqual(expected);
  });
});

describe('工作人员账号', () => {
  it('lists staff by role in the URL, and disables one after a confirmation', async () => {
    logInAs(admin);
    const reviewer = staff('provincial_reviewer');
    const { calls } = stubApi({
      'GET /api/v1/staff/accounts': [() => json(200, page([admin, staff('school_admin'), reviewer])), () => json(200, page([reviewer]))],
      'PATCH /api/v1/staff/accounts/id-provincial_reviewer': () => json(200, { ...reviewer, disabled: true }),
    });
    const router = await renderApp('/staff/accounts');
    await screen.findByTestId('staff-accounts-table');
    expect(within(rowOf(admin.email)).getByText('当前登录的账号')).toBeTruthy();
    expect(within(rowOf(admin.email)).queryByRole('button', { name: /停用|启用/ })).toBeNull();
    // One's own sessions: a link to 登录设备, not the admin panel (which refuses oneself).
    expect(within(rowOf(admin.email)).getByRole('link', { name: `登录设备 ${admin.email}` }).getAttribute('href')).toBe('/staff/sessions');
    expect(within(rowOf('school_admin@example.cn')).getAllByRole('cell')[1]!.textContent).toBe('院校管理员（院校代码 10001）');

    await userEvent.selectOptions(screen.getByLabelText('按角色筛选'), 'provincial_reviewer');
    await waitFor(() => expect(router.state.location.search).toBe('?role=provincial_reviewer'));
    await waitFor(() => expect(screen.getAllByTestId('staff-row')).toHaveLength(1));
    expect(calls[1]?.path).toBe('/api/v1/staff/accounts?role=provincial_reviewer');

    await userEvent.click(within(rowOf(reviewer.email)).getByRole('button', { name: `停用 ${reviewer.email}` }));
    const dialog = screen.getByRole('dialog', { name: '停用这个账号？' });
    expect(dialog.textContent).toContain('立即退出登录');
    await userEvent.click(within(dialog).getByRole('button', { name: '停用' }));
    expect(within(dialog).getByTestId('error-reason').textContent).toBe('请写明原因。');
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
    await userEvent.type(within(dialog).getByLabelText('停用原因'), '已离职');
    await userEvent.click(within(dialog).getByRole('button', { name: '停用' }));
    const notice = await screen.findByTestId('staff-accounts-notice');
    expect(notice.textContent).toContain(`已停用 ${reviewer.email}`);
    await waitFor(() => expect(document.activeElement).toBe(notice));
    expect(calls[2]).toMatchObject({ method: 'PATCH', body: { disabled: true, reason: '已离职' }, authorization: 'Bearer staff-1' });
    expect(within(rowOf(reviewer.email)).getByTestId('staff-status').textContent).toBe('已停用');
    expect(within(rowOf(reviewer.email)).getByRole('button', { name: `启用 ${reviewer.email}` })).toBeTruthy();
  });

  it('explains cannot_disable_self', async () => {
    const other = staff('platform_admin', { id: 'id-other', email: 'other@example.cn' });
    logInAs(other);
    stubApi({
      'GET /api/v1/staff/accounts': () => json(200, page([admin])),
      'PATCH /api/v1/staff/accounts/id-platform_admin': () => problem(409, 'cannot_disable_self', '不能停用自己。'),
    });
    await renderApp('/staff/accounts');
    await userEvent.click(await screen.findByRole('button', { name: `停用 ${admin.email}` }));
    await userEvent.type(within(screen.getByRole('dialog')).getByLabelText('停用原因'), '测试');
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: '停用' }));
    expect((await screen.findByTestId('form-error')).textContent).toContain('不能停用自己正在使用的账号。');
  });

  it('creates an account: the scope input follows the role, server messages go next to their inputs', async () => {
    logInAs(admin);
    const created = staff('school_admin', { email: 'pku.admin@example.cn' });
    const { calls } = stubApi({
      'GET /api/v1/staff/accounts': [() => json(200, page([admin])), () => json(200, page([admin, created]))],
      'POST /api/v1/staff/accounts': [
        () => problem(422, 'validation_failed', '提交的内容有误。', [{ field: 'school_code', code: 'school_unknown', message: '学校代码 99999 不存在。' }]),
        () => json(201, created),
      ],
    });
    await renderApp('/staff/accounts');
    const form = screen.getByRole('form', { name: '新建工作人员账号' });
    expect(within(form).queryByLabelText('院校代码')).toBeNull();
    expect(within(form).queryByLabelText('省份代码')).toBeNull();

    await userEvent.click(within(form).getByRole('button', { name: '创建账号' }));
    expect(fieldMessage('role')).toBe('请选择角色。');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    const roleSelect = within(form).getByLabelText('角色');
    await userEvent.selectOptions(roleSelect, 'provincial_reviewer');
    expect(within(form).getByLabelText('省份代码')).toBeTruthy();
    await userEvent.selectOptions(roleSelect, 'school_admin');
    expect(within(form).queryByLabelText('省份代码')).toBeNull();
    await userEvent.type(input('邮箱'), 'pku.admin@example.cn');
    await userEvent.type(input('初始密码'), 'School2026ok');
    await userEvent.click(within(form).getByRole('button', { name: '创建账号' }));
    expect(fieldMessage('school_code')).toBe('院校管理员须填写院校代码。');

    await userEvent.type(input('院校代码'), '99999');
    await userEvent.click(within(form).getByRole('button', { name: '创建账号' }));
    await waitFor(() => expect(fieldMessage('school_code')).toBe('学校代码 99999 不存在。'));
    await userEvent.clear(input('院校代码'));
    await userEvent.type(input('院校代码'), '10001');
    await userEvent.click(within(form).getByRole('button', { name: '创建账号' }));

    expect((await screen.findByTestId('staff-accounts-notice')).textContent).toBe('已创建工作人员账号 pku.admin@example.cn（院校管理员（院校代码 10001））。');
    expect(calls.filter((c) => c.method === 'POST')[1]).toMatchObject({
      body: { email: 'pku.admin@example.cn', password: 'School2026ok', role: 'school_admin', school_code: '10001', province_code: null },
    });
    await waitFor(() => expect(screen.getAllByTestId('staff-row')).toHaveLength(2));
    expect(input('邮箱').value).toBe('');
  });

  it('is for platform admins only', async () => {
    logInAs(staff('support'));
    await renderApp('/staff/accounts');
    expect(screen.getByTestId('staff-forbidden').textContent).toContain('只有平台管理员可以管理工作人员账号。');
  });
});
