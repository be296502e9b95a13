import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { staffSession } from '@/lib/staff/staff-session';
import { reviewer, staffLoggedIn } from '@/testing/corrections-fixtures';
import { json, stubApi } from '@/testing/http';
import { input, renderApp } from '@/testing/render-app';

afterEach(() => staffSession.clear('logout'));

const heading = () => screen.getByRole('heading', { level: 1 }).textContent;

describe('登录: one page, 学生登录 or 工作人员登录', () => {
  it('offers both as tabs; ←/→ switch them, the URL says ?as=staff', async () => {
    stubApi({});
    const router = await renderApp('/login');
    const tablist = screen.getByRole('tablist', { name: '选择登录身份' });
    const [studentTab, staffTab] = within(tablist).getAllByRole('tab') as [HTMLElement, HTMLElement];
    expect([studentTab.textContent, staffTab.textContent]).toEqual(['学生登录', '工作人员登录']);
    expect(studentTab.getAttribute('aria-selected')).toBe('true');
    expect(staffTab.getAttribute('tabindex')).toBe('-1');
    expect(heading()).toBe('登录');
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(studentTab.id);
    expect(screen.getByRole('form', { name: '登录' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '注册账号' })).toBeTruthy();

    studentTab.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(staffTab);
    expect(staffTab.getAttribute('aria-selected')).toBe('true');
    expect(router.state.location.search).toBe('?as=staff');
    expect(heading()).toBe('工作人员登录');
    expect(await screen.findByRole('form', { name: '工作人员登录' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: '注册账号' })).toBeNull();

    await userEvent.keyboard('{ArrowLeft}');
    expect(router.state.location.search).toBe('');
    expect(heading()).toBe('登录');
  });

  it('a staff login goes to 工作台 (each role its console)', async () => {
    stubApi({ 'POST /api/v1/staff/sessions': () => json(200, staffLoggedIn(reviewer)), 'GET /api/v1/staff/me': () => json(200, reviewer) });
    const router = await renderApp('/login?as=staff');
    await screen.findByRole('form', { name: '工作人员登录' });
    await userEvent.type(input('电子邮箱'), 'beijing@xuexin.example');
    await userEvent.type(input('密码'), 'Review2026');
    await userEvent.click(screen.getByRole('button', { name: '登录' }));
    expect((await screen.findByTestId('staff-role')).textContent).toBe('省级审核员（省份代码 11）');
    expect(router.state.location.pathname).toBe('/staff');
  });

  it('keeps a ?next= only for the form it suits', async () => {
    stubApi({});
    const router = await renderApp('/login?as=staff&next=/staff/change-requests');
    await userEvent.click(screen.getByRole('tab', { name: '学生登录' }));
    expect(router.state.location.search).toBe('');
    await userEvent.click(screen.getByRole('tab', { name: '工作人员登录' }));
    expect(router.state.location.search).toBe('?as=staff');
  });

  it('drops a student’s ?next= when staff log in instead', async () => {
    stubApi({});
    const router = await renderApp('/login?next=/me/reports');
    await userEvent.click(screen.getByRole('tab', { name: '工作人员登录' }));
    expect(router.state.location.search).toBe('?as=staff');
    await userEvent.click(screen.getByRole('tab', { name: '学生登录' }));
    expect(router.state.location.search).toBe('');
  });

  it('the old /staff/login and the footer’s 工作人员入口 lead to 工作人员登录, with the notice handed over', async () => {
    stubApi({});
    const router = await renderApp('/staff/login?next=/staff/students', { notice: '你已退出登录。' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('?as=staff&next=%2Fstaff%2Fstudents');
    expect((await screen.findByTestId('staff-login-notice')).textContent).toBe('你已退出登录。');
    expect(screen.getByRole('link', { name: '工作人员入口' }).getAttribute('href')).toBe('/login?as=staff');
  });
});
