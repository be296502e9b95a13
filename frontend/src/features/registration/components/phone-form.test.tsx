import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { session } from '@/lib/session';
import { json, problem, stubApi } from '@/testing/http';
import { activated, withIdentity, withPhone } from '@/testing/registration-fixtures';
import { fieldMessage, input, renderApp } from '@/testing/render-app';
import { freezeClock, moveClock } from '@/testing/clock';

import { PHONE_HINT } from './phone-form';

type Routes = Parameters<typeof stubApi>[0];

function start(routes: Routes = {}) {
  session.setRegistrationToken('reg-1');
  return stubApi({ 'GET /api/v1/registration': () => json(200, withIdentity()), ...routes });
}

async function openPhone() {
  const router = await renderApp('/register/phone');
  await screen.findByLabelText('手机号', { exact: true });
  return router;
}

const sendButton = () => screen.getByTestId('send-code');

describe('手机确认', () => {
  it('needs the real-name step first, and links back to it', async () => {
    session.setRegistrationToken('reg-1');
    stubApi({ 'GET /api/v1/registration': () => json(200, activated) });
    await renderApp('/register/phone');
    const missing = await screen.findByTestId('missing-identity');
    expect(missing.textContent).toContain('请先完成实名信息（姓名和身份证号）这一步。');
    expect(screen.getByRole('link', { name: '去填写实名信息' }).getAttribute('href')).toBe('/register/identity');
    expect(screen.queryByLabelText('手机号', { exact: true })).toBeNull();
  });

  it('sends the code, then counts down "60 秒后重发" and moves to the code field', async () => {
    freezeClock();
    const { calls } = start({ 'POST /api/v1/registration/phone/code': () => json(202, { resend_after_seconds: 60, expires_in: 300 }) });
    await openPhone();
    expect(screen.getByText(PHONE_HINT)).toBeTruthy();
    expect(screen.getByTestId('registration-steps').dataset.current).toBe('4');
    const code = input('校验码');
    expect(code.inputMode).toBe('numeric');
    expect(code.autocomplete).toBe('one-time-code');
    expect(sendButton().textContent).toBe('发送');

    await userEvent.type(input('手机号'), '+86 139-1234-5678');
    await userEvent.click(sendButton());
    await waitFor(() => expect(sendButton().textContent).toBe('60 秒后重发'));
    expect(sendButton().getAttribute('aria-disabled')).toBe('true');
    expect(screen.getByTestId('code-sent').textContent).toBe('校验码已发送到 13912345678，5 分钟内有效。');
    expect(document.activeElement).toBe(code);
    expect(calls[1]).toMatchObject({ method: 'POST', path: '/api/v1/registration/phone/code', body: { phone: '13912345678' }, authorization: 'Bearer reg-1' });

    // While it counts down, 发送 does nothing.
    await userEvent.click(sendButton());
    expect(calls).toHaveLength(2);
    moveClock(1_000);
    await waitFor(() => expect(sendButton().textContent).toBe('59 秒后重发'));
    moveClock(58_999);
    await waitFor(() => expect(sendButton().textContent).toBe('1 秒后重发'));
    moveClock(1);
    await waitFor(() => expect(sendButton().textContent).toBe('发送'));
    expect(sendButton().getAttribute('aria-disabled')).not.toBe('true');
  });

  it('Enter in the number sends the code; a bad number is refused before sending', async () => {
    const { calls } = start({ 'POST /api/v1/registration/phone/code': () => json(202, { resend_after_seconds: 60, expires_in: 300 }) });
    await openPhone();
    await userEvent.type(input('手机号'), '1234{Enter}');
    expect(fieldMessage('phone')).toBe('请输入 11 位中国大陆手机号，例如 13812345678。');
    expect(fieldMessage('code')).toBe(''); // only the number is checked before sending
    expect(calls).toHaveLength(1);
    await userEvent.clear(input('手机号'));
    await userEvent.type(input('手机号'), '13912345678{Enter}');
    await screen.findByTestId('code-sent');
    expect(calls).toHaveLength(2);
  });

  it('counts down from Retry-After when the server says it is too soon', async () => {
    start({
      'POST /api/v1/registration/phone/code': () =>
        problem(429, 'code_cooldown', '校验码发送过于频繁，请 42 秒后再试。', [{ field: 'phone', code: 'code_cooldown', message: '请 42 秒后再获取校验码。' }], {
          'Retry-After': '42',
        }),
    });
    freezeClock();
    await openPhone();
    await userEvent.type(input('手机号'), '13912345678');
    await userEvent.click(sendButton());
    await waitFor(() => expect(sendButton().textContent).toBe('42 秒后重发'));
    expect(fieldMessage('phone')).toBe('请 42 秒后再获取校验码。');
  });

  it('says a daily limit under the number, in hours, without a countdown', async () => {
    start({
      'POST /api/v1/registration/phone/code': () =>
        problem(429, 'phone_daily_limit', '这个手机号今天已收到 10 条校验码，达到上限，请明天再试。', undefined, { 'Retry-After': '30000' }),
    });
    await openPhone();
    await userEvent.type(input('手机号'), '13912345678');
    await userEvent.click(sendButton());
    await waitFor(() => expect(fieldMessage('phone')).toBe('这个手机号今天已收到 10 条校验码，达到上限，请明天再试。请在 9 小时后再试。'));
    expect(sendButton().textContent).toBe('发送');
  });

  it('shows a wrong code with the tries left, under the code', async () => {
    const { calls } = start({
      'POST /api/v1/registration/phone/code': () => json(202, { resend_after_seconds: 60, expires_in: 300 }),
      'POST /api/v1/registration/phone/verify': () =>
        problem(400, 'code_incorrect', '校验码不正确，还可以再试 4 次。', [{ field: 'code', code: 'code_incorrect', message: '校验码不正确，还可以再试 4 次。' }]),
    });
    await openPhone();
    await userEvent.type(input('手机号'), '13912345678');
    await userEvent.click(sendButton());
    await screen.findByTestId('code-sent');
    await userEvent.type(input('校验码'), '000000');
    await userEvent.click(screen.getByRole('button', { name: '确认' }));
    await waitFor(() => expect(fieldMessage('code')).toBe('校验码不正确，还可以再试 4 次。'));
    expect(document.activeElement).toBe(input('校验码'));
    expect(calls[2]).toMatchObject({ path: '/api/v1/registration/phone/verify', body: { phone: '13912345678', code: '000000' } });
  });

  it('tells to press 发送 again for an expired or dead code', async () => {
    start({
      'POST /api/v1/registration/phone/verify': [
        () => problem(400, 'code_expired', '校验码已过期，请重新获取。', [{ field: 'code', code: 'code_expired', message: '校验码已过期，请重新获取。' }]),
        () =>
          problem(400, 'code_dead', '校验码输错次数过多，已失效，请重新获取。', [{ field: 'code', code: 'code_dead', message: '校验码输错次数过多，已失效，请重新获取。' }]),
      ],
    });
    await openPhone();
    await userEvent.type(input('手机号'), '13912345678');
    await userEvent.type(input('校验码'), '123456');
    await userEvent.click(screen.getByRole('button', { name: '确认' }));
    await waitFor(() => expect(fieldMessage('code')).toBe('校验码已过期，请重新获取。请重新点击“发送”获取新的校验码。'));
    await userEvent.click(screen.getByRole('button', { name: '确认' }));
    await waitFor(() => expect(fieldMessage('code')).toBe('校验码输错次数过多，已失效，请重新获取。请重新点击“发送”获取新的校验码。'));
  });

  it('checks the code format before sending', async () => {
    const { calls } = start();
    await openPhone();
    await userEvent.type(input('手机号'), '13912345678');
    await userEvent.type(input('校验码'), '12a45');
    await userEvent.click(screen.getByRole('button', { name: '确认' }));
    expect(fieldMessage('code')).toBe('校验码是 6 位数字。');
    expect(calls).toHaveLength(1);
  });

  it('confirms the phone and goes on to 确认信息', async () => {
    const { calls } = start({
      'GET /api/v1/registration': [() => json(200, withIdentity()), () => json(200, withPhone())],
      'POST /api/v1/registration/phone/verify': () => json(200, { phone: '13812345678', phone_verified: true }),
    });
    const router = await openPhone();
    await userEvent.type(input('手机号'), '13812345678');
    await userEvent.type(input('校验码'), ' 042917');
    await userEvent.click(screen.getByRole('button', { name: '确认' }));
    expect((await screen.findByTestId('confirm-notice')).textContent).toBe('手机号 13812345678 已确认。');
    expect(router.state.location.pathname).toBe('/register/confirm');
    expect(calls[1]).toMatchObject({ body: { phone: '13812345678', code: '042917' } });
  });

  it('links back to the identity step when the server says it is missing', async () => {
    start({
      'POST /api/v1/registration/phone/code': () => problem(409, 'identity_required', '请先完成实名信息（姓名和身份证号）这一步。'),
    });
    await openPhone();
    await userEvent.type(input('手机号'), '13912345678');
    await userEvent.click(sendButton());
    const missing = await screen.findByTestId('missing-identity');
    expect(within(missing.parentElement!).getByRole('link', { name: '去填写实名信息' }).getAttribute('href')).toBe('/register/identity');
  });
});
