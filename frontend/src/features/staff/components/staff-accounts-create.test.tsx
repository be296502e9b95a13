import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { json, problem, stubApi } from '@/testing/http';
import { fieldMessage, input, renderApp } from '@/testing/render-app';

import { staffSession, type StaffRole, type StaffView } from '@/lib/staff/staff-session';

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
const page = (items: StaffView[]) => ({ items, total: items.length, page: 1, per_page: 20 });
const LINK = 'https://xuexin.example.cn/staff/setup?token=k3JdQ9xWm2';
const LINK_OPTION = '生成一次性设置链接（不设密码）';
const PASSWORD_OPTION = '设置初始密码（对方首次登录须修改）';

afterEach(() => {
  staffSession.clear('logout');
  Reflect.deleteProperty(navigator, 'clipboard');
  Reflect.deleteProperty(document, 'execCommand');
});

const theForm = () => screen.getByRole('form', { name: '新建工作人员账号' });
const posts = (calls: { method: string; body: unknown }[]) => calls.filter((c) => c.method === 'POST');

describe('新建工作人员账号: 密码设置方式', () => {
  it('with the setup link: sends setup_link and no password, shows the link once, copies it (or says how to by hand)', async () => {
    logInAs(admin);
    const created = staff('support', { email: 'kefu@example.cn' });
    let answer!: (response: Response) => void;
    const { calls } = stubApi({
      'GET /api/v1/staff/accounts': [() => json(200, page([admin])), () => json(200, page([admin, created]))],
      'POST /api/v1/staff/accounts': () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    const writeText = vi.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce(new DOMException('denied', 'NotAllowedError'));
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    Object.defineProperty(document, 'execCommand', { value: vi.fn(() => false), configurable: true });
    await renderApp('/staff/accounts');
    const form = theForm();

    // A labelled radio group; the password is the default.
    const group = within(form).getByRole('group', { name: '密码设置方式' });
    expect((within(group).getByRole('radio', { name: PASSWORD_OPTION }) as HTMLInputElement).checked).toBe(true);
    expect(input('初始密码')).toBeTruthy();
    await userEvent.type(input('初始密码'), 'Secret2026');

    await userEvent.click(within(group).getByRole('radio', { name: LINK_OPTION }));
    expect(within(form).queryByLabelText('初始密码')).toBeNull();
    expect(within(form).queryByLabelText('显示密码')).toBeNull();
    await userEvent.type(input('邮箱'), 'kefu@example.cn');
    await userEvent.selectOptions(within(form).getByLabelText('角色'), 'support');
    await userEvent.click(within(form).getByRole('button', { name: '创建账号并生成链接' }));

    // Busy while the server answers.
    const button = await within(form).findByRole('button', { name: '正在创建…' });
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(posts(calls)).toHaveLength(1);
    expect(posts(calls)[0]!.body).toEqual({ email: 'kefu@example.cn', setup_link: true, role: 'support', school_code: null, province_code: null });
    answer(json(201, { ...created, setup_link: LINK }));

    // The link, once, in place of the form, with the note; the notice takes the focus.
    const shown = await screen.findByTestId('staff-setup-link');
    expect(screen.queryByRole('form', { name: '新建工作人员账号' })).toBeNull();
    const notice = within(shown).getByTestId('staff-setup-link-notice');
    expect(notice.textContent).toContain('已创建工作人员账号 kefu@example.cn（客服）');
    await waitFor(() => expect(document.activeElement).toBe(notice));
    expect(within(shown).getByTestId('setup-link-url').textContent).toBe(LINK);
    expect(within(shown).getByTestId('setup-link-expiry').textContent).toContain('链接72小时内有效，只显示这一次');
    expect(screen.queryByTestId('staff-accounts-notice')).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId('staff-row')).toHaveLength(2));

    await userEvent.click(within(shown).getByRole('button', { name: /^复制/ }));
    expect(writeText).toHaveBeenCalledWith(LINK);
    await waitFor(() => expect(within(shown).getByTestId('setup-link-copy-status').textContent).toContain('链接已复制'));

    // Refused, and the old way fails too: the link is selected, and the message says how to copy it.
    await userEvent.click(within(shown).getByRole('button', { name: /^复制/ }));
    expect((await within(shown).findByTestId('setup-link-copy-failed')).textContent).toContain('请长按或按 Ctrl+C 手动复制');
    const linkText = within(shown).getByTestId('setup-link-url');
    await waitFor(() => expect(document.activeElement).toBe(linkText));
    expect(window.getSelection()?.toString()).toBe(LINK);
    expect(within(shown).getByTestId('setup-link-copy-status').textContent).toBe('');

    // 完成: the link is gone for good, the form is back (still on the link) with the focus on 邮箱.
    await userEvent.click(within(shown).getByRole('button', { name: '完成' }));
    expect(screen.queryByTestId('staff-setup-link')).toBeNull();
    expect(screen.queryByText(LINK)).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(input('邮箱')));
    expect(input('邮箱').value).toBe('');
    expect((within(theForm()).getByRole('radio', { name: LINK_OPTION }) as HTMLInputElement).checked).toBe(true);
    expect(posts(calls)).toHaveLength(1);
  });

  it('with the setup link: server messages go next to their inputs, the button is not blocked by the hidden password', async () => {
    logInAs(admin);
    const { calls } = stubApi({
      'GET /api/v1/staff/accounts': () => json(200, page([admin])),
      'POST /api/v1/staff/accounts': [
        () => problem(422, 'validation_failed', '提交的内容有误。', [{ field: 'province_code', code: 'province_unknown', message: '省份代码 99 不存在。' }]),
        () => problem(409, 'email_taken', '这个邮箱已有工作人员账号。', [{ field: 'email', code: 'email_taken', message: '这个邮箱已有工作人员账号。' }]),
      ],
    });
    await renderApp('/staff/accounts');
    const form = theForm();
    await userEvent.click(within(form).getByRole('radio', { name: LINK_OPTION }));
    await userEvent.type(input('邮箱'), 'sheng@example.cn');
    await userEvent.selectOptions(within(form).getByLabelText('角色'), 'provincial_reviewer');
    await userEvent.type(input('省份代码'), '99');
    await userEvent.click(within(form).getByRole('button', { name: '创建账号并生成链接' }));
    await waitFor(() => expect(fieldMessage('province_code')).toBe('省份代码 99 不存在。'));
    await waitFor(() => expect(document.activeElement).toBe(input('省份代码')));
    expect(posts(calls)[0]!.body).not.toHaveProperty('password');

    await userEvent.clear(input('省份代码'));
    await userEvent.type(input('省份代码'), '11');
    await userEvent.click(within(form).getByRole('button', { name: '创建账号并生成链接' }));
    await waitFor(() => expect(fieldMessage('email')).toBe('这个邮箱已有工作人员账号。'));
    expect(posts(calls)[1]!.body).toEqual({ email: 'sheng@example.cn', setup_link: true, role: 'provincial_reviewer', school_code: null, province_code: '11' });
    expect(screen.queryByTestId('staff-setup-link')).toBeNull();
  });

  it('with a password: the radio group works from the keyboard, the password is checked and sent, no link is shown', async () => {
    logInAs(admin);
    const created = staff('image_operator', { email: 'tuxiang@example.cn' });
    const { calls } = stubApi({
      'GET /api/v1/staff/accounts': [() => json(200, page([admin])), () => json(200, page([admin, created]))],
      'POST /api/v1/staff/accounts': () => json(201, created),
    });
    await renderApp('/staff/accounts');
    const form = theForm();
    const passwordRadio = within(form).getByRole('radio', { name: PASSWORD_OPTION }) as HTMLInputElement;
    const linkRadio = within(form).getByRole('radio', { name: LINK_OPTION }) as HTMLInputElement;

    // Tab from 邮箱 lands on the chosen radio; the arrow keys switch between the two.
    await userEvent.click(input('邮箱'));
    await userEvent.tab();
    expect(document.activeElement).toBe(passwordRadio);
    await userEvent.keyboard('{ArrowDown}');
    expect(linkRadio.checked).toBe(true);
    expect(within(form).queryByLabelText('初始密码')).toBeNull();
    await userEvent.keyboard('{ArrowUp}');
    expect(passwordRadio.checked).toBe(true);

    await userEvent.type(input('邮箱'), 'tuxiang@example.cn');
    await userEvent.selectOptions(within(form).getByLabelText('角色'), 'image_operator');
    await userEvent.click(within(form).getByRole('button', { name: '创建账号' }));
    // The password is still required with this option.
    expect(fieldMessage('password')).not.toBe('');
    expect(posts(calls)).toHaveLength(0);
    await userEvent.type(input('初始密码'), 'Tuxiang2026');
    await userEvent.click(within(form).getByRole('button', { name: '创建账号' }));

    expect((await screen.findByTestId('staff-accounts-notice')).textContent).toBe('已创建工作人员账号 tuxiang@example.cn（图像采集人员）。');
    expect(posts(calls)[0]!.body).toEqual({ email: 'tuxiang@example.cn', password: 'Tuxiang2026', role: 'image_operator', school_code: null, province_code: null });
    expect(screen.queryByTestId('staff-setup-link')).toBeNull();
    expect(theForm()).toBeTruthy();
    expect(input('初始密码').value).toBe('');
  });
});
