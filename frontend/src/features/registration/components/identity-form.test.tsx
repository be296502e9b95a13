import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { session } from '@/lib/session';
import { json, problem, stubApi } from '@/testing/http';
import { activated as summary, withIdentity } from '@/testing/registration-fixtures';
import { describedByMessage, fieldMessage, input, renderApp } from '@/testing/render-app';

import { ID_NUMBER_HINT, NAME_HINT, NO_RECORDS_TITLE } from './identity-form';

const identity = { name: '李明', id_number: '11010519491231002X', birth_date: '1949-12-31', sex: '女', records_found: true };
function start(routes: Parameters<typeof stubApi>[0] = {}) {
  session.setRegistrationToken('reg-1');
  return stubApi({ 'GET /api/v1/registration': () => json(200, summary), ...routes });
}

async function openIdentity() {
  const router = await renderApp('/register/identity');
  await screen.findByLabelText('姓名', { exact: true });
  return router;
}

describe('实名注册', () => {
  it('退出注册 revokes the registration token on the server, forgets it and goes to the login page', async () => {
    const { calls } = start({ 'DELETE /api/v1/registration': () => new Response(null, { status: 204 }) });
    const router = await openIdentity();
    await userEvent.click(screen.getByRole('button', { name: '退出注册' }));
    expect((await screen.findByTestId('login-notice')).textContent).toContain('你已退出注册');
    expect(router.state.location.pathname).toBe('/login');
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/v1/registration', authorization: 'Bearer reg-1' });
    expect(session.registrationToken()).toBeNull();
  });

  it('without a registration token asks nothing, explains and links to the login', async () => {
    const { calls } = stubApi({});
    await renderApp('/register/identity');
    const alert = screen.getByTestId('registration-no-token');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('请用注册时的邮箱和密码登录，接着完成注册');
    expect(within(screen.getByRole('main')).getByRole('link', { name: '登录并继续注册' }).getAttribute('href')).toBe('/login');
    expect(calls).toEqual([]);
  });

  it('explains an expired registration token and forgets it', async () => {
    session.setRegistrationToken('reg-expired');
    stubApi({ 'GET /api/v1/registration': () => problem(401, 'token_expired', '登录已过期，请重新登录。') });
    await renderApp('/register/identity');
    expect(await screen.findByTestId('registration-no-token')).toBeTruthy();
    expect(session.registrationToken()).toBeNull();
  });

  it('goes to the login page when the registration is already complete', async () => {
    session.setRegistrationToken('reg-1');
    stubApi({ 'GET /api/v1/registration': () => problem(409, 'registration_complete', '注册已经完成，请直接登录。') });
    const router = await renderApp('/register/identity');
    expect(await screen.findByText('你的账号已经完成注册，请直接登录。')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
  });

  it('offers 重试 when the summary cannot be read', async () => {
    session.setRegistrationToken('reg-1');
    stubApi({ 'GET /api/v1/registration': [() => Promise.reject(new TypeError('offline')), () => json(200, summary)] });
    await renderApp('/register/identity');
    expect((await screen.findByRole('alert')).textContent).toContain('无法连接服务器');
    await userEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByLabelText('姓名', { exact: true })).toBeTruthy();
  });

  it('shows the step, the hints, and fills in 出生日期 and 性别 from a valid ID number', async () => {
    const { calls } = start();
    await openIdentity();
    expect(screen.getByTestId('registration-steps').textContent).toContain('第 3 步，共 6 步：实名信息');
    expect(screen.getByRole('listitem', { current: 'step' }).textContent).toContain('实名信息');
    expect(screen.getByText(NAME_HINT)).toBeTruthy();
    expect(screen.getByText(ID_NUMBER_HINT)).toBeTruthy();
    expect(screen.getByTestId('registration-email').textContent).toBe('li.ming@example.cn');
    expect(screen.queryByLabelText('出生日期')).toBeNull();

    await userEvent.type(input('身份证号'), '11010519491231002');
    expect(screen.queryByLabelText('出生日期')).toBeNull();
    await userEvent.type(input('身份证号'), 'x');
    expect(input('出生日期').value).toBe('1949年12月31日');
    expect(input('出生日期').readOnly).toBe(true);
    expect(input('性别').value).toBe('女');
    expect(screen.getByTestId('derived-from-id').textContent).toContain('根据身份证号自动生成');
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/registration']);
  });

  it('checks name and ID number with the server rules as they are left', async () => {
    const { calls } = start();
    await openIdentity();
    await userEvent.type(input('姓名'), 'li ming');
    await userEvent.tab();
    expect(fieldMessage('name')).toBe('姓名请用汉字填写，不要使用拼音或英文字母。（“l”）');
    expect(describedByMessage(input('姓名'), 'name')).toBe(true);
    await userEvent.type(input('身份证号'), '11010519491231002');
    await userEvent.tab();
    expect(fieldMessage('id_number')).toBe('身份证号应为 18 位，您输入了 17 位。');
    await userEvent.type(input('身份证号'), '1');
    expect(fieldMessage('id_number')).toBe('身份证号校验位不正确，可能有数字输错了，请逐位核对。');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(document.activeElement).toBe(input('姓名'));
    expect(calls).toHaveLength(1); // nothing sent

    // Look-alike dots become "·" when the field is left.
    await userEvent.clear(input('姓名'));
    await userEvent.type(input('姓名'), ' 买买提.艾力 ');
    await userEvent.tab();
    expect(input('姓名').value).toBe('买买提·艾力');
    expect(fieldMessage('name')).toBe('');
  });

  it('continues to the phone step with the good news when records were found', async () => {
    const { calls } = start({
      'GET /api/v1/registration': [() => json(200, summary), () => json(200, withIdentity(true))],
      'PUT /api/v1/registration/identity': () => json(200, identity),
    });
    const router = await openIdentity();
    await userEvent.type(input('姓名'), '李明');
    await userEvent.type(input('身份证号'), '11010519491231002x');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByTestId('phone-notice')).textContent).toBe('已找到您的学籍/学历记录。');
    expect(router.state.location.pathname).toBe('/register/phone');
    expect(calls[1]).toMatchObject({
      method: 'PUT',
      path: '/api/v1/registration/identity',
      body: { name: '李明', id_number: '11010519491231002X' },
      authorization: 'Bearer reg-1',
    });
  });

  it('says clearly when no records match, before moving on: 修改 or 仍然继续', async () => {
    start({
      'GET /api/v1/registration': [() => json(200, summary), () => json(200, withIdentity(false))],
      'PUT /api/v1/registration/identity': () => json(200, { ...identity, records_found: false }),
    });
    const router = await openIdentity();
    await userEvent.type(input('姓名'), '李明');
    await userEvent.type(input('身份证号'), '11010519491231002X');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(NO_RECORDS_TITLE);
    expect(alert.textContent).toContain('每天最多可以提交 5 组不同的姓名和身份证号');
    expect(alert.textContent).toContain('请联系您的学校');
    expect(alert.textContent).toContain('省级教育行政部门审核');
    expect(alert.textContent).toContain('专升本');
    expect(document.activeElement).toBe(alert);
    expect(router.state.location.pathname).toBe('/register/identity');

    await userEvent.click(screen.getByRole('button', { name: '修改姓名/身份证号' }));
    await waitFor(() => expect(document.activeElement).toBe(input('姓名')));
    expect(input('身份证号').value).toBe('11010519491231002X');

    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    await userEvent.click(await screen.findByRole('button', { name: '仍然继续' }));
    expect(await screen.findByRole('heading', { level: 1, name: '手机确认' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/register/phone');
  });

  it('shows id_number_taken under the ID number, with the support hint', async () => {
    const message = '该身份证号已被另一个学信网账号使用。如果这是您的身份证号，请联系客服核实后处理（可能是您以前注册过的账号）。';
    start({
      'PUT /api/v1/registration/identity': () =>
        problem(409, 'id_number_taken', message, [{ field: 'id_number', code: 'id_number_taken', message }]),
    });
    await openIdentity();
    await userEvent.type(input('姓名'), '李明');
    await userEvent.type(input('身份证号'), '11010519491231002X');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(fieldMessage('id_number')).toBe(message));
    expect(document.activeElement).toBe(input('身份证号'));
    expect(screen.queryByTestId('form-error')).toBeNull();
  });

  it('puts the server’s 422 messages next to their fields', async () => {
    start({
      'PUT /api/v1/registration/identity': () =>
        problem(422, 'validation_failed', '提交的内容有误，请按提示修改标出的字段。', [
          { field: 'name', code: 'name_invalid_character', message: '姓名只能包含汉字和间隔号“·”。（“ꙮ”）' },
        ]),
    });
    await openIdentity();
    await userEvent.type(input('姓名'), '李明');
    await userEvent.type(input('身份证号'), '11010519491231002X');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    await waitFor(() => expect(fieldMessage('name')).toBe('姓名只能包含汉字和间隔号“·”。（“ꙮ”）'));
    expect(document.activeElement).toBe(input('姓名'));
  });

  it('says when the daily submissions are used up, in hours', async () => {
    start({
      'PUT /api/v1/registration/identity': () =>
        problem(429, 'identity_attempts_exhausted', '今天提交不同姓名和身份证号的次数已达 5 次上限，请明天再试；如确有困难，请联系客服。', undefined, {
          'Retry-After': '36000',
        }),
    });
    await openIdentity();
    await userEvent.type(input('姓名'), '李明');
    await userEvent.type(input('身份证号'), '11010519491231002X');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    const alert = await screen.findByTestId('form-error');
    expect(alert.textContent).toContain('已达 5 次上限');
    expect(alert.textContent).toContain('请在 10 小时后再试。');
  });

  it('shows what is stored when the student comes back, with the way on', async () => {
    session.setRegistrationToken('reg-1');
    stubApi({
      'GET /api/v1/registration': () => json(200, withIdentity(true)),
    });
    await openIdentity();
    const stored = screen.getByTestId('identity-stored');
    expect(stored.textContent).toContain('11010519491231002X');
    expect(within(stored).getByRole('link', { name: '下一步：手机确认' }).getAttribute('href')).toBe('/register/phone');
    expect(input('姓名').value).toBe('李明');
  });
});
