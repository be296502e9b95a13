import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { json, noContent, problem, stubApi } from '@/testing/http';
import { input, renderApp } from '@/testing/render-app';

import { staffSession } from '@/lib/staff/staff-session';

const admin = { id: 's1', email: 'admin@example.cn', role: 'platform_admin' as const, school_code: null, province_code: null, disabled: false, second_factor_enrolled: false };
const me = (over: object) => ({ ...admin, second_factor_required: true, may_turn_off_second_factor: false, setup_required: [], ...over });
const loggedIn = { access_token: 'staff-1', token_type: 'Bearer', expires_in: 28800, staff: admin };
const CODES = Array.from({ length: 10 }, (_, i) => `ABCD-EFGH-JK${String(i).padStart(2, '0')}`);

afterEach(() => staffSession.clear('logout'));

async function logIn() {
  await screen.findByLabelText('电子邮箱', { exact: true });
  await userEvent.type(input('电子邮箱'), 'admin@example.cn');
  await userEvent.type(input('密码'), 'Admin2026ok');
  await userEvent.click(screen.getByRole('button', { name: '登录' }));
}

describe('staff login in two steps', () => {
  it('asks for the code after the password and logs in with it', async () => {
    const { calls } = stubApi({
      'POST /api/v1/staff/sessions': () => json(202, { second_factor_required: true, challenge: 'ch-1', expires_in: 300 }),
      'POST /api/v1/staff/sessions/second-factor': () => json(200, loggedIn),
      'GET /api/v1/staff/me': () => json(200, me({ second_factor_enrolled: true })),
    });
    const router = await renderApp('/login?as=staff');
    await logIn();
    const code = await screen.findByLabelText('验证码');
    expect(code.getAttribute('inputmode')).toBe('numeric');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(staffSession.isLoggedIn()).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: '验证并登录' }));
    expect(screen.getByTestId('error-code').textContent).toBe('请输入验证器应用中的 6 位数字验证码。');
    await userEvent.type(code, '123 456');
    await userEvent.click(screen.getByRole('button', { name: '验证并登录' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/staff'));
    expect(calls[1]).toMatchObject({ path: '/api/v1/staff/sessions/second-factor', body: { challenge: 'ch-1', code: '123456' }, authorization: null });
  });

  it('takes a recovery code instead, and shows a wrong code from the server', async () => {
    const { calls } = stubApi({
      'POST /api/v1/staff/sessions': () => json(202, { second_factor_required: true, challenge: 'ch-1', expires_in: 300 }),
      'POST /api/v1/staff/sessions/second-factor': () => problem(401, 'invalid_second_factor', '验证码不正确或已使用过。'),
    });
    await renderApp('/login?as=staff');
    await logIn();
    await screen.findByLabelText('验证码');
    await userEvent.click(screen.getByRole('button', { name: '使用恢复码' }));
    await userEvent.type(screen.getByLabelText('恢复码'), 'abcd-efgh-jk01');
    await userEvent.click(screen.getByRole('button', { name: '验证并登录' }));
    expect((await screen.findByRole('alert')).textContent).toContain('验证码不正确或已使用过。');
    expect(calls[1]).toMatchObject({ body: { challenge: 'ch-1', recovery_code: 'abcd-efgh-jk01' } });
  });
});

describe('账号安全', () => {
  it('makes a new account set its password, enrol with a QR code, and keep the recovery codes', async () => {
    let step = 0;
    const { calls } = stubApi({
      'POST /api/v1/staff/sessions': () => json(200, loggedIn),
      'GET /api/v1/staff/me': () => json(200, me({ setup_required: [['password', 'second_factor'], ['second_factor'], ['second_factor'], []][step] ?? [], second_factor_enrolled: step === 3 })),
      'PUT /api/v1/staff/me/password': () => ((step = 1), noContent()),
      'POST /api/v1/staff/me/second-factor/enrolment': () =>
        json(200, { secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/Xuexin%3Aadmin@example.cn?secret=JBSWY3DPEHPK3PXP&issuer=Xuexin' }),
      'POST /api/v1/staff/me/second-factor': () => ((step = 3), json(200, { recovery_codes: CODES })),
    });
    const router = await renderApp('/login?as=staff');
    await logIn();
    await waitFor(() => expect(router.state.location.pathname).toBe('/staff/security'));
    expect((await screen.findByTestId('setup-required')).textContent).toContain('设置您自己的新密码，然后开启两步验证');
    await userEvent.type(input('当前密码（管理员告诉您的初始密码）'), 'Admin2026ok');
    await userEvent.type(input('新密码'), 'Mine2026abc');
    await userEvent.click(screen.getByRole('button', { name: '保存新密码' }));
    await userEvent.click(await screen.findByRole('button', { name: '开启两步验证' }));
    expect(await screen.findByRole('img', { name: '两步验证二维码' })).toBeTruthy();
    expect(screen.getByTestId('totp-secret').textContent).toBe('JBSWY3DPEHPK3PXP');
    await userEvent.type(input('验证码'), '654321');
    await userEvent.click(screen.getByRole('button', { name: '验证并开启' }));
    expect((await screen.findByTestId('recovery-codes')).textContent).toContain(CODES[9]);
    const done = screen.getByRole('button', { name: '完成' });
    expect(done.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(screen.getByLabelText('我已保存恢复码'));
    await userEvent.click(done);
    expect(await screen.findByTestId('second-factor-on')).toBeTruthy();
    expect(calls.map((c) => `${c.method} ${c.path}`)).toContain('PUT /api/v1/staff/me/password');
    expect(calls.find((c) => c.path === '/api/v1/staff/me/second-factor')).toMatchObject({ body: { code: '654321' } });
  });

  it('shows the server’s field error next to the new password', async () => {
    stubApi({
      'GET /api/v1/staff/me': () => json(200, me({ setup_required: ['password'] })),
      'PUT /api/v1/staff/me/password': () =>
        problem(422, 'validation_failed', '请检查输入。', [{ field: 'new_password', code: 'password_unchanged', message: '新密码不能与当前密码相同。' }]),
    });
    staffSession.start(loggedIn);
    await renderApp('/staff/security');
    await userEvent.type(await screen.findByLabelText('当前密码（管理员告诉您的初始密码）'), 'Admin2026ok');
    await userEvent.type(input('新密码'), 'Admin2026ok');
    await userEvent.click(screen.getByRole('button', { name: '保存新密码' }));
    await waitFor(() => expect(screen.getByTestId('error-new_password').textContent).toBe('新密码不能与当前密码相同。'));
  });
});

describe('setup link and an admin’s reset', () => {
  it('sets a new staff member’s password through the one-time link', async () => {
    const { calls } = stubApi({ 'POST /api/v1/staff/setup': () => json(200, { email: 'desk@example.cn' }) });
    await renderApp('/staff/setup?token=tok-1');
    await userEvent.type(await screen.findByLabelText('新密码'), 'Desk2026abc');
    await userEvent.click(screen.getByRole('button', { name: '设置密码' }));
    expect((await screen.findByTestId('setup-link-done')).textContent).toContain('desk@example.cn');
    expect(calls[0]).toMatchObject({ path: '/api/v1/staff/setup', body: { token: 'tok-1', new_password: 'Desk2026abc' }, authorization: null });
  });

  it('lets a platform admin reset someone’s second factor with a reason', async () => {
    const desk = { id: 's3', email: 'desk@example.cn', role: 'support' as const, school_code: null, province_code: null, disabled: false, second_factor_enrolled: true };
    const { calls } = stubApi({
      'GET /api/v1/staff/accounts': () => json(200, { items: [admin, desk], total: 2, page: 1, per_page: 20 }),
      'GET /api/v1/staff/me': () => json(200, me({})),
      'POST /api/v1/staff/accounts/s3/second-factor/reset': () => json(200, { ...desk, second_factor_enrolled: false }),
    });
    staffSession.start(loggedIn);
    await renderApp('/staff/accounts');
    await userEvent.click(await screen.findByRole('button', { name: '重置两步验证 desk@example.cn' }));
    await userEvent.click(screen.getByRole('button', { name: '重置' }));
    expect(screen.getByTestId('error-reason').textContent).toBe('请写明原因（例如：手机丢失，已电话核实本人）。');
    await userEvent.type(screen.getByLabelText('原因'), '手机丢失');
    await userEvent.click(screen.getByRole('button', { name: '重置' }));
    await screen.findByText('已重置 desk@example.cn 的两步验证：该账号已退出登录，下次登录后需重新开启。');
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({ path: '/api/v1/staff/accounts/s3/second-factor/reset', body: { reason: '手机丢失' } });
    expect(screen.queryByRole('button', { name: '重置两步验证 desk@example.cn' })).toBeNull();
  });
});
