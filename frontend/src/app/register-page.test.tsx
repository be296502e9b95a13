import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { json, problem, stubApi } from '@/testing/http';
import { describedByMessage, fieldMessage, input, renderApp } from '@/testing/render-app';
import { freezeClock, moveClock } from '@/testing/clock';
import { NOTICE_VERSION } from '@/features/privacy/lib/notice-version';

const created = (email: string) => json(201, { id: 'a1', email, status: 'pending_activation' });

async function fillIn(email: string, password: string, confirm = password, consent = true) {
  await userEvent.type(input('电子邮箱'), email);
  await userEvent.type(input('密码'), password);
  await userEvent.type(input('确认密码'), confirm);
  if (consent) await userEvent.click(screen.getByRole('checkbox', { name: /我已阅读并同意/ }));
}

describe('RegisterForm', () => {
  it('needs the privacy notice agreed to, sends its version, and shows a server refusal beside the box', async () => {
    const { calls } = stubApi({
      'POST /api/v1/accounts': () =>
        problem(422, 'validation_failed', '提交的内容有误', [
          { field: 'consent_version', code: 'consent_version_stale', message: '《个人信息保护说明》已更新为 2099-01-01 版，请阅读新版后再同意。' },
        ]),
    });
    await renderApp('/register');
    const box = screen.getByRole('checkbox', { name: /我已阅读并同意/ });
    expect(screen.getByRole('link', { name: '《个人信息保护说明》' }).getAttribute('href')).toBe('/privacy');
    await fillIn('li.ming@example.cn', 'Xuexin2026ok', 'Xuexin2026ok', false);
    await userEvent.click(screen.getByRole('button', { name: '注册' }));
    expect(fieldMessage('consent_version')).toBe('请阅读并勾选同意《个人信息保护说明》。');
    expect(document.activeElement).toBe(box);
    expect(calls).toEqual([]);
    await userEvent.click(box);
    expect(fieldMessage('consent_version')).toBe('');
    await userEvent.click(screen.getByRole('button', { name: '注册' }));
    await waitFor(() => expect(fieldMessage('consent_version')).toContain('已更新为 2099-01-01 版'));
    expect(calls[0]!.body).toEqual({ email: 'li.ming@example.cn', password: 'Xuexin2026ok', consent_version: NOTICE_VERSION });
  });

  it('checks each field when it is left, with the server messages, and clears them as they are fixed', async () => {
    stubApi({});
    await renderApp('/register');
    expect(screen.getByText(/6–64 位英文字母或数字/)).toBeTruthy();

    await userEvent.type(input('电子邮箱'), '张三@example.com');
    expect(fieldMessage('email')).toBe(''); // not while typing the first time
    await userEvent.tab();
    expect(fieldMessage('email')).toBe('电子邮箱只能包含英文字母、数字和符号，请检查是否输入了中文或全角字符。');
    expect(input('电子邮箱').getAttribute('aria-invalid')).toBe('true');
    expect(describedByMessage(input('电子邮箱'), 'email')).toBe(true);

    await userEvent.clear(input('电子邮箱'));
    await userEvent.type(input('电子邮箱'), 'zhangsan@example');
    expect(fieldMessage('email')).toBe('电子邮箱格式不正确，应类似 name@example.com。');
    await userEvent.type(input('电子邮箱'), '.cn');
    expect(fieldMessage('email')).toBe('');

    await userEvent.type(input('密码'), 'ab 12');
    await userEvent.tab();
    expect(fieldMessage('password')).toBe('密码至少需要 6 位。');
    await userEvent.type(input('密码'), '3456');
    expect(fieldMessage('password')).toBe('密码只能由英文字母和数字组成，不能包含空格、符号或中文。');
    await userEvent.clear(input('密码'));
    await userEvent.type(input('密码'), 'ZhangSan');
    expect(fieldMessage('password')).toBe('密码不能与邮箱或邮箱用户名相同。');

    await userEvent.type(input('确认密码'), 'x');
    await userEvent.tab();
    expect(fieldMessage('confirm')).toBe('两次输入的密码不一致。');
  });

  it('does not send a form with mistakes; it shows them all and focuses the first', async () => {
    const { calls } = stubApi({});
    await renderApp('/register');
    await userEvent.type(input('密码'), 'Xuexin2026ok');
    await userEvent.click(screen.getByRole('button', { name: '注册' }));
    expect(fieldMessage('email')).toBe('请填写电子邮箱。');
    expect(fieldMessage('confirm')).toBe('请再次输入密码。');
    expect(document.activeElement).toBe(input('电子邮箱'));
    expect(calls).toEqual([]);
  });

  it('shows the server messages next to their fields (the common-password check is the server’s)', async () => {
    stubApi({
      'POST /api/v1/accounts': () =>
        problem(422, 'validation_failed', '提交的内容有误，请按提示修改标出的字段。', [
          { field: 'password', code: 'password_too_common', message: '这个密码太常见，很容易被猜到，请换一个更独特的密码。' },
        ]),
    });
    await renderApp('/register');
    await fillIn('li.ming@example.cn', 'password123');
    await userEvent.click(screen.getByRole('button', { name: '注册' }));
    await waitFor(() => expect(fieldMessage('password')).toBe('这个密码太常见，很容易被猜到，请换一个更独特的密码。'));
    expect(describedByMessage(input('密码'), 'password')).toBe(true);
    expect(document.activeElement).toBe(input('密码'));
    expect(screen.getByRole('alert').textContent).toContain('提交的内容有误');
    // Changing the field takes the server's message away.
    await userEvent.type(input('密码'), 'x');
    expect(fieldMessage('password')).toBe('');
  });

  it('says an address is taken under the email, with the way to log in or reset the password', async () => {
    const { calls } = stubApi({
      'POST /api/v1/accounts': () =>
        problem(409, 'email_taken', '该邮箱已注册。如果是您本人注册的，请直接登录或找回密码。', [
          { field: 'email', code: 'email_taken', message: '该邮箱已注册，每个邮箱只能注册一次。' },
        ]),
    });
    const router = await renderApp('/register');
    await fillIn(' Li.Ming@example.cn ', 'Xuexin2026ok');
    await userEvent.click(screen.getByRole('button', { name: '注册' }));
    await waitFor(() => expect(fieldMessage('email')).toContain('该邮箱已注册，每个邮箱只能注册一次。'));
    expect(calls[0]!.body).toEqual({ email: ' Li.Ming@example.cn ', password: 'Xuexin2026ok', consent_version: NOTICE_VERSION });
    const message = screen.getByTestId('error-email');
    expect(message.querySelector('a[href="/login"]')?.textContent).toBe('去登录');
    expect(message.querySelector('a[href="/forgot-password"]')?.textContent).toBe('忘记密码');
    await userEvent.click(screen.getByRole('link', { name: '去登录' }));
    await screen.findByRole('heading', { level: 1, name: '登录' });
    expect(router.state.location.pathname).toBe('/login');
    expect(input('电子邮箱').value).toBe('Li.Ming@example.cn');
  });

  it('goes to 请查收激活邮件 after 201, with the resend countdown already running', async () => {
    freezeClock();
    stubApi({ 'POST /api/v1/accounts': () => created('li.ming@example.cn') });
    const router = await renderApp('/register');
    await fillIn('Li.Ming@example.cn', 'Xuexin2026ok');
    await userEvent.keyboard('{Enter}');
    await screen.findByRole('heading', { level: 1, name: '请查收激活邮件' });
    expect(router.state.location.pathname).toBe('/register/check-email');
    expect(router.state.location.search).toBe('?email=li.ming%40example.cn');
    expect(screen.getByTestId('check-email-address').textContent).toBe('li.ming@example.cn');
    const button = screen.getByRole('button', { name: /秒后可重新发送/ });
    expect(button.textContent).toBe('60 秒后可重新发送');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    moveClock(1_000);
    await waitFor(() => expect(button.textContent).toBe('59 秒后可重新发送'));
  });

  it('shows the wait of a 429 on top', async () => {
    stubApi({
      'POST /api/v1/accounts': () =>
        problem(429, 'too_many_requests_from_ip', '来自您网络的请求过于频繁，请稍后再试。', undefined, { 'Retry-After': '1800' }),
    });
    await renderApp('/register');
    await fillIn('li.ming@example.cn', 'Xuexin2026ok');
    await userEvent.click(screen.getByRole('button', { name: '注册' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('来自您网络的请求过于频繁，请稍后再试。');
    expect(alert.textContent).toContain('请在 30 分钟后再试。');
  });

  it('says so when the server cannot be reached', async () => {
    stubApi({ 'POST /api/v1/accounts': () => Promise.reject(new TypeError('Failed to fetch')) });
    await renderApp('/register');
    await fillIn('li.ming@example.cn', 'Xuexin2026ok');
    await userEvent.click(screen.getByRole('button', { name: '注册' }));
    expect((await screen.findByRole('alert')).textContent).toContain('无法连接服务器，请检查网络后重试。');
    expect(screen.getByRole('button', { name: '注册' }).getAttribute('aria-busy')).toBeNull();
  });
});
