import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { session } from '@/lib/session';
import { json, problem, stubApi } from '@/testing/http';
import { withIdentity, withPhone } from '@/testing/registration-fixtures';
import { renderApp } from '@/testing/render-app';

import { CONFIRM_QUESTION } from './confirm-registration';

type Routes = Parameters<typeof stubApi>[0];

function start(routes: Routes = {}) {
  session.setRegistrationToken('reg-1');
  return stubApi({ 'GET /api/v1/registration': () => json(200, withPhone()), ...routes });
}

async function openConfirm() {
  const router = await renderApp('/register/confirm');
  await screen.findByTestId('registration-summary');
  return router;
}

const submitButton = () => screen.getByRole('button', { name: '确认提交' });

describe('确认信息', () => {
  it('shows the summary as the server sends it', async () => {
    start();
    await openConfirm();
    expect(screen.getByTestId('registration-steps').dataset.current).toBe('5');
    const value = (id: string) => screen.getByTestId(id).textContent;
    expect(value('summary-email')).toBe('li.ming@example.cn');
    expect(value('summary-name')).toBe('李明');
    expect(value('summary-id-number')).toBe('11010519491231002X');
    expect(value('summary-birth-date')).toBe('1949年12月31日');
    expect(value('summary-sex')).toBe('女');
    expect(value('summary-phone')).toBe('13812345678');
    expect(value('summary-records')).toBe('已找到记录');
    expect(screen.getByRole('link', { name: '修改实名信息' }).getAttribute('href')).toBe('/register/identity');
    expect(screen.queryByTestId('confirm-no-records')).toBeNull();
  });

  it('warns again when no records were found', async () => {
    start({ 'GET /api/v1/registration': () => json(200, withPhone(false)) });
    await openConfirm();
    expect(screen.getByTestId('summary-records').textContent).toBe('未找到与姓名和身份证号一致的记录');
    expect(screen.getByTestId('confirm-no-records').textContent).toContain('完成注册后将看不到学籍和学历');
  });

  it('asks 是/否 in a modal dialog: focus inside, Tab stays there, Esc = 否, focus returns', async () => {
    const { calls } = start();
    await openConfirm();
    await userEvent.click(submitButton());
    const dialog = screen.getByRole('dialog', { name: '确认提交' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain(CONFIRM_QUESTION);
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toBe(CONFIRM_QUESTION);
    const yes = screen.getByRole('button', { name: '是' });
    const no = screen.getByRole('button', { name: '否' });
    expect(document.activeElement).toBe(no); // the answer that changes nothing
    expect(screen.getByRole('main').closest('[inert]')).not.toBeNull(); // the page behind is out of reach

    await userEvent.tab();
    expect(document.activeElement).toBe(yes); // wraps around
    await userEvent.tab({ shift: true });
    expect(document.activeElement).toBe(no);
    await userEvent.tab({ shift: true });
    expect(document.activeElement).toBe(yes);

    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(submitButton()));
    expect(document.querySelector('[inert]')).toBeNull();

    await userEvent.click(submitButton());
    await userEvent.click(screen.getByRole('button', { name: '否' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls).toHaveLength(1); // nothing was completed
  });

  it('是 completes the registration, forgets the registration token and shows 注册完成', async () => {
    const { calls } = start({ 'POST /api/v1/registration/complete': () => json(200, { status: 'active' }) });
    const router = await openConfirm();
    await userEvent.click(submitButton());
    await userEvent.click(screen.getByRole('button', { name: '是' }));
    expect(await screen.findByRole('heading', { level: 1, name: '注册完成' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/register/done');
    expect(calls[1]).toMatchObject({ method: 'POST', path: '/api/v1/registration/complete', authorization: 'Bearer reg-1' });
    expect(session.registrationToken()).toBeNull();
    expect(sessionStorage.getItem('xuexin.registration_token')).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('links to the phone step when it is missing (from the summary or the server)', async () => {
    start({ 'GET /api/v1/registration': () => json(200, withIdentity()) });
    await renderApp('/register/confirm');
    expect((await screen.findByTestId('missing-phone')).textContent).toContain('请先完成手机确认');
    expect(screen.getByRole('link', { name: '去确认手机号' }).getAttribute('href')).toBe('/register/phone');
  });

  it('follows a 409 of the server to the missing step', async () => {
    start({ 'POST /api/v1/registration/complete': () => problem(409, 'phone_not_verified', '请先完成手机确认（输入短信校验码）。') });
    await openConfirm();
    await userEvent.click(submitButton());
    await userEvent.click(screen.getByRole('button', { name: '是' }));
    expect((await screen.findByTestId('missing-phone')).textContent).toContain('请先完成手机确认（输入短信校验码）。');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(session.registrationToken()).toBe('reg-1');
  });

  it('shows other refusals on top, and keeps the page', async () => {
    const message = '该身份证号已被另一个学信网账号使用。如果这是您的身份证号，请联系客服核实后处理（可能是您以前注册过的账号）。';
    start({ 'POST /api/v1/registration/complete': () => problem(409, 'id_number_taken', message) });
    await openConfirm();
    await userEvent.click(submitButton());
    await userEvent.click(screen.getByRole('button', { name: '是' }));
    const alert = await screen.findByTestId('form-error');
    expect(alert.textContent).toContain(message);
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });
});
