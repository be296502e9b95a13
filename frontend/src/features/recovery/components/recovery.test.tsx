import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { session } from '@/lib/session';
import { json, problem, stubApi } from '@/testing/http';
import { fieldMessage, input, renderApp } from '@/testing/render-app';

const ID = '11010519491231002X';

describe('找回账号', () => {
  it('is linked from the login page', async () => {
    stubApi({});
    const router = await renderApp('/login');
    await userEvent.click(screen.getByRole('link', { name: '邮箱或手机号不能用了？' }));
    await screen.findByTestId('recover-page');
    expect(router.state.location.pathname).toBe('/recover');
  });

  it('lost mailbox: sends the details, says nothing about a match, shows code and email errors next to their fields, then the mail', async () => {
    const { calls } = stubApi({
      'POST /api/v1/account-recovery/email': () => json(202, { resend_after_seconds: 60, expires_in: 300 }),
      'POST /api/v1/account-recovery/email/verify': [
        () => problem(400, 'code_incorrect', '校验码不正确，还可以再试 4 次。', [{ field: 'code', code: 'code_incorrect', message: '校验码不正确，还可以再试 4 次。' }]),
        () => problem(409, 'email_taken', '这个邮箱已被另一个学信网账号使用，请换一个邮箱。', [{ field: 'new_email', code: 'email_taken', message: '这个邮箱已被另一个学信网账号使用，请换一个邮箱。' }]),
        () => json(202, { email: 'new@example.cn', expires_in: 3600 }),
      ],
    });
    await renderApp('/recover');
    await userEvent.type(input('姓名'), '李明');
    await userEvent.type(input('身份证号'), ID);
    await userEvent.type(input('手机号'), '+86 138 1234 5678');
    await userEvent.click(screen.getByRole('button', { name: '发送校验码' }));
    expect((await screen.findByTestId('code-sent')).textContent).toContain('如果姓名、身份证号和手机号与一个学信网账号相符');
    expect(calls[0]).toMatchObject({ path: '/api/v1/account-recovery/email', body: { name: '李明', id_number: ID, phone: '13812345678' } });

    await userEvent.type(input('校验码'), '123456');
    await userEvent.type(input('新的电子邮箱'), 'new@example.cn');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(fieldMessage('code')).toBe('校验码不正确，还可以再试 4 次。'));
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(fieldMessage('new_email')).toBe('这个邮箱已被另一个学信网账号使用，请换一个邮箱。'));
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByTestId('recovery-mail-sent')).textContent).toContain('new@example.cn');
    expect(calls[3]).toMatchObject({ body: { name: '李明', id_number: ID, phone: '13812345678', code: '123456', new_email: 'new@example.cn' } });
  });

  it('lost mailbox: checks the details before sending anything', async () => {
    const { calls } = stubApi({});
    await renderApp('/recover');
    await userEvent.type(input('姓名'), 'Li Ming');
    await userEvent.type(input('身份证号'), '123');
    await userEvent.type(input('手机号'), '123');
    await userEvent.click(screen.getByRole('button', { name: '发送校验码' }));
    expect(fieldMessage('name')).not.toBe('');
    expect(fieldMessage('id_number')).not.toBe('');
    expect(fieldMessage('phone')).not.toBe('');
    expect(calls).toEqual([]);
  });

  it('lost phone: a wrong password is said, the right one sends the link', async () => {
    const { calls } = stubApi({
      'POST /api/v1/account-recovery/phone': [() => problem(401, 'invalid_credentials', '邮箱或密码不正确。'), () => json(202, { resend_after_seconds: 60 })],
    });
    await renderApp('/recover');
    await userEvent.click(screen.getByRole('tab', { name: '手机号不能用了' }));
    await userEvent.type(input('电子邮箱'), 'li@example.cn');
    await userEvent.type(input('密码'), 'Wrong1234');
    await userEvent.click(screen.getByRole('button', { name: '发送更换链接' }));
    expect((await screen.findByRole('alert')).textContent).toContain('邮箱或密码不正确。');
    await userEvent.clear(input('密码'));
    await userEvent.type(input('密码'), 'Xuexin2026ok');
    await userEvent.click(screen.getByRole('button', { name: '发送更换链接' }));
    expect((await screen.findByTestId('phone-link-sent')).textContent).toContain('li@example.cn');
    expect(calls[1]).toMatchObject({ body: { email: 'li@example.cn', password: 'Xuexin2026ok' } });
  });

  it('lost both: says to contact support, who never asks for a password or code', async () => {
    stubApi({});
    await renderApp('/recover');
    await userEvent.click(screen.getByRole('tab', { name: '都不能用了' }));
    expect(screen.getByTestId('recover-both').textContent).toContain('客服不会向您索要密码或短信校验码');
  });

  it('confirms the new email with the link only on the button, and logs this browser out', async () => {
    session.start({ access_token: 'access-1', refresh_token: 'refresh-1' });
    const { calls } = stubApi({ 'POST /api/v1/account-recovery/email/confirm': () => json(200, { email: 'new@example.cn' }), 'DELETE /api/v1/sessions/current': () => new Response(null, { status: 204 }) });
    await renderApp('/recover/email/confirm?token=T0K');
    expect(calls.filter((c) => c.path.startsWith('/api/v1/account-recovery'))).toEqual([]);
    await userEvent.click(screen.getByTestId('confirm-new-email'));
    expect((await screen.findByTestId('email-recovered')).textContent).toContain('new@example.cn');
    expect(calls.find((c) => c.path === '/api/v1/account-recovery/email/confirm')).toMatchObject({ body: { token: 'T0K' } });
    expect(session.isLoggedIn()).toBe(false);
  });

  it('says a used link is dead and offers to start again', async () => {
    stubApi({ 'POST /api/v1/account-recovery/email/confirm': () => problem(400, 'token_used', '这个链接已经用过了。') });
    await renderApp('/recover/email/confirm?token=T0K');
    await userEvent.click(screen.getByTestId('confirm-new-email'));
    expect((await screen.findByRole('alert')).textContent).toContain('这个链接已经用过了。');
    expect(screen.getByRole('link', { name: '重新找回账号' })).toBeTruthy();
  });

  it('sets a new phone with the link: a taken number is said under it, then code and 确认', async () => {
    const { calls } = stubApi({
      'POST /api/v1/account-recovery/phone/code': [
        () => problem(409, 'phone_taken', '这个手机号已是另一个学信网账号的确认手机号，请换一个号码。', [{ field: 'phone', code: 'phone_taken', message: '这个手机号已是另一个学信网账号的确认手机号，请换一个号码。' }]),
        () => json(202, { resend_after_seconds: 60, expires_in: 300 }),
      ],
      'POST /api/v1/account-recovery/phone/verify': () => json(200, { phone: '13912345678', phone_verified: true }),
    });
    await renderApp('/recover/phone?token=T1');
    await userEvent.type(input('新手机号'), '13900000000');
    await userEvent.click(screen.getByTestId('send-code'));
    await waitFor(() => expect(fieldMessage('phone')).toContain('另一个学信网账号'));
    await userEvent.clear(input('新手机号'));
    await userEvent.type(input('新手机号'), '13912345678');
    await userEvent.click(screen.getByTestId('send-code'));
    expect((await screen.findByTestId('code-sent')).textContent).toContain('13912345678');
    await userEvent.type(input('校验码'), '654321');
    await userEvent.click(screen.getByRole('button', { name: '确认' }));
    expect((await screen.findByTestId('phone-recovered')).textContent).toContain('13912345678');
    expect(calls[2]).toMatchObject({ body: { token: 'T1', phone: '13912345678', code: '654321' } });
  });
});
