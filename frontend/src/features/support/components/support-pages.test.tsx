import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { staffSession, type StaffView } from '@/lib/staff/staff-session';
import { json, problem, stubApi } from '@/testing/http';
import { fieldMessage, input, renderApp } from '@/testing/render-app';

import { LOOKUP_REQUIRED } from './support-search';

const supportAgent: StaffView = { id: 's3', email: 'support@example.cn', role: 'support', school_code: null, province_code: null, disabled: false, second_factor_enrolled: false };
const admin: StaffView = { id: 's1', email: 'admin@example.cn', role: 'platform_admin', school_code: null, province_code: null, disabled: false, second_factor_enrolled: false };
const logInAs = (staff: StaffView) => staffSession.start({ access_token: 'staff-1', token_type: 'Bearer', expires_in: 28800, staff });

const ID = '11019920050314011X';
const account = (over: Record<string, unknown> = {}) => ({
  id: 'a1',
  email: 'wang@example.cn',
  status: 'active',
  name: '王晓明',
  id_number: ID,
  phone: '13800138000',
  created_at: '2026-09-01T02:00:00Z',
  completed_at: '2026-09-01T02:10:00Z',
  locked_until: null,
  records_found: false,
  ...over,
});
const page = (items: unknown[]) => ({ items, total: items.length, page: 1, per_page: 20 });
const cellsOf = (row: HTMLElement) => [...row.querySelectorAll('td')].map((cell) => cell.textContent);

afterEach(() => staffSession.clear('logout'));

describe('客服工作台: finding an account', () => {
  it('searches by ID number (kept out of the URL), lists the account and opens it; back returns to the results', async () => {
    logInAs(supportAgent);
    const { calls } = stubApi({
      'POST /api/v1/support/accounts/search': () => json(200, page([account(), account({ id: 'a2', email: 'old@example.cn', status: 'pending_activation', name: null, id_number: null, phone: null, locked_until: '2999-01-01T00:00:00Z' })])),
      'GET /api/v1/support/accounts/a1': () => json(200, account()),
    });
    const router = await renderApp('/staff/support');
    await userEvent.type(input('身份证号'), ID.toLowerCase());
    await userEvent.click(screen.getByRole('button', { name: '查找' }));

    const table = await screen.findByTestId('support-results');
    // The ID number stays out of the address bar (kept for the tab only).
    expect(router.state.location.search).toBe('');
    // The lookup travels in the body, never in the API's URL.
    expect(calls[0]).toMatchObject({ path: '/api/v1/support/accounts/search', body: { id_number: ID.toLowerCase() }, authorization: 'Bearer staff-1' });
    const [, first, second] = within(table).getAllByRole('row');
    expect(cellsOf(first!)).toEqual(['wang@example.cn', '王晓明', ID, '13800138000', '状态：正常', '无记录']);
    expect(cellsOf(second!)).toEqual(['old@example.cn', '未填写', '未填写', '未确认', '状态：待激活已锁定', '未实名']);
    expect(screen.getByTestId('pagination-summary').textContent).toBe('共 2 个账号');

    await userEvent.click(within(first!).getByRole('link', { name: 'wang@example.cn' }));
    expect((await screen.findByTestId('account-email')).textContent).toBe('wang@example.cn');
    expect(router.state.location.pathname).toBe('/staff/support/accounts/a1');
    await userEvent.click(screen.getByRole('link', { name: '← 返回查找结果' }));
    await screen.findByTestId('support-results');
    expect(input('身份证号').value).toBe(ID.toLowerCase());
  });

  it('asks for one of the three before searching, and checks a phone number', async () => {
    logInAs(supportAgent);
    const { calls } = stubApi({});
    await renderApp('/staff/support');
    await userEvent.click(screen.getByRole('button', { name: '查找' }));
    expect(fieldMessage('email')).toBe(LOOKUP_REQUIRED);
    await userEvent.type(input('手机号'), '12345');
    await userEvent.click(screen.getByRole('button', { name: '查找' }));
    expect(fieldMessage('email')).toBe('');
    expect(fieldMessage('phone')).toBe('请输入 11 位中国大陆手机号，例如 13812345678。');
    expect(calls).toHaveLength(0);
  });

  it('shows the server’s message next to its field, and says when nothing matches', async () => {
    logInAs(supportAgent);
    stubApi({
      'POST /api/v1/support/accounts/search': [
        () => problem(422, 'validation_failed', '提交的内容有误。', [{ field: 'phone', code: 'phone_invalid', message: '手机号不对。' }]),
        () => json(200, page([])),
      ],
    });
    await renderApp('/staff/support?phone=12345');
    await waitFor(() => expect(fieldMessage('phone')).toBe('手机号不对。'));
    await userEvent.clear(input('手机号'));
    await userEvent.type(input('邮箱'), 'nobody@example.cn');
    await userEvent.click(screen.getByRole('button', { name: '查找' }));
    expect((await screen.findByTestId('support-no-results')).textContent).toContain('没有找到符合条件的账号。');
  });

  it('tells another role that the desk is for support (403), without the form', async () => {
    logInAs(admin);
    await renderApp('/staff/support');
    expect(screen.getByTestId('staff-forbidden').textContent).toContain('只有客服可以使用客服工作台。');
    expect(screen.queryByLabelText('邮箱')).toBeNull();
    expect(screen.getByRole('link', { name: '返回工作台' }).getAttribute('href')).toBe('/staff');
  });
});

describe('客服工作台: one account', () => {
  it('corrects the name with a reason and says that records are found now', async () => {
    logInAs(supportAgent);
    const { calls } = stubApi({
      'GET /api/v1/support/accounts/a1': () => json(200, account()),
      'PATCH /api/v1/support/accounts/a1/identity': () => json(200, account({ name: '王小明', records_found: true })),
    });
    await renderApp('/staff/support/accounts/a1');
    expect((await screen.findByTestId('account-records')).textContent).toContain('无记录');
    expect(screen.queryByTestId('unlock-account')).toBeNull();
    expect(screen.queryByTestId('resend-activation')).toBeNull();
    expect(input('姓名').value).toBe('王晓明');

    await userEvent.click(screen.getByRole('button', { name: '更正身份信息' }));
    expect(within(screen.getByTestId('correct-identity')).getByTestId('error-reason').textContent).toBe('请写明原因。');
    await userEvent.clear(input('姓名'));
    await userEvent.type(input('姓名'), '王小明');
    await userEvent.type(input('原因'), '学生来电，核对身份证照片，注册时姓名误填。');
    await userEvent.click(screen.getByRole('button', { name: '更正身份信息' }));

    const notice = await screen.findByTestId('support-notice');
    expect(notice.textContent).toContain('身份信息已更正，已找到学籍/学历记录。');
    await waitFor(() => expect(document.activeElement).toBe(notice));
    expect(screen.getByTestId('correction-records-found')).toBeTruthy();
    expect(screen.getByTestId('account-name').textContent).toBe('王小明');
    expect(screen.getByTestId('account-records').textContent).toContain('有记录');
    expect(input('原因').value).toBe('');
    expect(calls[1]).toMatchObject({
      method: 'PATCH',
      body: { name: '王小明', id_number: ID, reason: '学生来电，核对身份证照片，注册时姓名误填。' },
      authorization: 'Bearer staff-1',
    });
  });

  it('on id_number_taken offers to find the account that holds the ID number', async () => {
    logInAs(supportAgent);
    stubApi({
      'GET /api/v1/support/accounts/a2': () => json(200, account({ id: 'a2', email: 'new@example.cn', name: '王小明', id_number: '110101200001010019' })),
      'PATCH /api/v1/support/accounts/a2/identity': () =>
        problem(409, 'id_number_taken', '该身份证号已被另一个已完成注册的账号（old@example.cn）使用。核实后可先解除该账号的身份绑定。', [
          { field: 'id_number', code: 'id_number_taken', message: '该身份证号已被另一个账号使用。' },
        ]),
      'POST /api/v1/support/accounts/search': () => json(200, page([account({ email: 'old@example.cn' })])),
    });
    const router = await renderApp('/staff/support/accounts/a2');
    await screen.findByTestId('account-email');
    await userEvent.clear(input('身份证号'));
    await userEvent.type(input('身份证号'), ID.toLowerCase());
    await userEvent.type(input('原因'), '学生持身份证来电。');
    await userEvent.click(screen.getByRole('button', { name: '更正身份信息' }));

    expect((await screen.findByRole('alert')).textContent).toContain('old@example.cn');
    expect(fieldMessage('id_number')).toBe('该身份证号已被另一个账号使用。');
    await userEvent.click(screen.getByTestId('find-id-holder'));
    expect((await screen.findByTestId('support-results')).textContent).toContain('old@example.cn');
    expect(router.state.location).toMatchObject({ pathname: '/staff/support', search: '' });
  });

  it('detaches the identity after a reason and a confirmation that explains the consequences', async () => {
    logInAs(supportAgent);
    const { calls } = stubApi({
      'GET /api/v1/support/accounts/a1': () => json(200, account({ records_found: true })),
      'POST /api/v1/support/accounts/a1/identity/detach': () => json(200, account({ name: null, id_number: null, status: 'activated', records_found: false })),
    });
    await renderApp('/staff/support/accounts/a1');
    await screen.findByTestId('detach-identity');
    await userEvent.click(screen.getByRole('button', { name: '解除身份绑定…' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    const panel = screen.getByTestId('detach-identity');
    expect(within(panel).getByTestId('error-reason').textContent).toBe('请写明原因。');
    await userEvent.type(within(panel).getByLabelText('解除原因'), '经核实，该账号为他人误用本人身份证号注册。');
    await userEvent.click(screen.getByRole('button', { name: '解除身份绑定…' }));

    const dialog = await screen.findByRole('dialog', { name: '解除这个账号的身份绑定？' });
    expect(dialog.textContent).toContain('所有设备上立即退出登录');
    expect(dialog.textContent).toContain('重新完成实名注册');
    expect(dialog.textContent).toContain('经核实，该账号为他人误用本人身份证号注册。');
    await userEvent.click(within(dialog).getByRole('button', { name: '解除绑定' }));

    expect((await screen.findByTestId('support-notice')).textContent).toContain('已解除身份绑定。');
    expect(calls[1]).toMatchObject({ method: 'POST', body: { reason: '经核实，该账号为他人误用本人身份证号注册。' } });
    expect(screen.getByTestId('account-name').textContent).toBe('未填写');
    expect(screen.queryByTestId('detach-identity')).toBeNull();
    expect(input('姓名').value).toBe('');
  });

  it('offers 解除锁定 while locked (reason optional) and 重发激活邮件 before registration is complete', async () => {
    logInAs(supportAgent);
    const locked = account({ status: 'pending_activation', name: null, id_number: null, phone: null, completed_at: null, locked_until: '2999-01-01T00:00:00Z' });
    const { calls } = stubApi({
      'GET /api/v1/support/accounts/a1': () => json(200, locked),
      'POST /api/v1/support/accounts/a1/unlock': () => json(200, { ...locked, locked_until: null }),
      'POST /api/v1/support/accounts/a1/activation-email': [
        () => json(200, { ...locked, locked_until: null }),
        () => problem(429, 'email_cooldown', '激活邮件刚刚发送过，请稍后再试。', undefined, { 'Retry-After': '42' }),
      ],
    });
    await renderApp('/staff/support/accounts/a1');
    expect((await screen.findByTestId('account-lock')).textContent).toMatch(/^已锁定，至 2999-01-01/);
    expect(screen.queryByTestId('detach-identity')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: '解除锁定' }));
    expect((await screen.findByTestId('support-notice')).textContent).toContain('已解除锁定。');
    expect(calls[1]).toMatchObject({ path: '/api/v1/support/accounts/a1/unlock', body: { reason: null } });
    expect(screen.getByTestId('account-lock').textContent).toBe('未锁定');
    expect(screen.queryByTestId('unlock-account')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: '重发激活邮件' }));
    await waitFor(() => expect(screen.getByTestId('support-notice').textContent).toContain('激活邮件已重新发送。'));
    await userEvent.click(screen.getByRole('button', { name: '重发激活邮件' }));
    expect((await screen.findByTestId('retry-after')).textContent).toBe('请在 1 分钟后再试。');
  });

  it('says so when the account does not exist', async () => {
    logInAs(supportAgent);
    stubApi({ 'GET /api/v1/support/accounts/nope': () => problem(404, 'account_not_found', '没有找到这个账号。') });
    await renderApp('/staff/support/accounts/nope');
    expect((await screen.findByTestId('support-account-missing')).textContent).toContain('没有找到这个账号。');
  });
});
