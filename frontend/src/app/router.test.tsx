import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';

import { staffSession } from '@/lib/staff/staff-session';
import { session } from '@/lib/session';
import { operatorLoggedIn } from '@/testing/images-fixtures';
import { json, problem, stubApi } from '@/testing/http';

import { routes } from './router';

/** Renders the app at `path`; unless the test stubbed its own API, requests never get an answer. */
function renderAt(path: string, { stubFetch = true } = {}) {
  if (stubFetch) vi.stubGlobal('fetch', vi.fn(() => new Promise(() => {})));
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(<RouterProvider router={router} />);
  return router;
}

describe('routes', () => {
  it('shows the home page inside the layout, with the nav built from the route table', async () => {
    renderAt('/');
    expect(await screen.findByRole('heading', { level: 1, name: '欢迎来到学信网 · Xuexin' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: '主导航' });
    const links = Array.from(nav.querySelectorAll('a')).map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['首页', '/'],
      ['学历查询', '/degree-check'],
      ['在线验证', '/verify'],
      ['接口文档', '/docs'],
      ['登录', '/login'],
      ['注册', '/register'],
    ]);
    expect(nav.querySelector('button')).toBeNull();
    expect(screen.getByRole('link', { name: '首页' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('health-status').dataset.state).toBe('loading');
  });

  it('shows 页面不存在 for an unknown path, with a way home', async () => {
    const router = renderAt('/no-such-page');
    expect(await screen.findByRole('heading', { level: 1, name: '页面不存在' })).toBeTruthy();
    await userEvent.click(screen.getByRole('link', { name: '返回首页' }));
    expect(await screen.findByRole('heading', { level: 1, name: '欢迎来到学信网 · Xuexin' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/');
    // After a client-side navigation the new content has the focus.
    expect(document.activeElement?.id).toBe('main');
  });

  it('puts the skip link first in the tab order', async () => {
    renderAt('/');
    await screen.findByRole('heading', { level: 1 });
    await userEvent.tab();
    expect(document.activeElement?.textContent).toBe('跳到主要内容');
    await userEvent.keyboard('{Enter}');
    expect(document.activeElement?.id).toBe('main');
  });

  it('shows 个人中心 and 退出 with a session; 退出 logs out and goes to the login page', async () => {
    session.start({ access_token: 'access-1', refresh_token: 'refresh-1' });
    const router = renderAt('/');
    await screen.findByRole('heading', { level: 1 });
    const { calls } = stubApi({ 'DELETE /api/v1/sessions/current': () => new Response(null, { status: 204 }) });
    const nav = screen.getByRole('navigation', { name: '主导航' });
    const items = Array.from(nav.querySelectorAll('a, button')).map((el) => el.textContent);
    expect(items).toEqual(['首页', '学历查询', '在线验证', '接口文档', '个人中心', '退出']);

    await userEvent.click(screen.getByRole('button', { name: '退出' }));
    expect(await screen.findByText('你已退出登录。')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect(calls).toEqual([{ method: 'DELETE', path: '/api/v1/sessions/current', body: undefined, authorization: 'Bearer access-1' }]);
    expect(session.isLoggedIn()).toBe(false);
    expect(Array.from(nav.querySelectorAll('a, button')).map((el) => el.textContent)).toEqual(['首页', '学历查询', '在线验证', '接口文档', '登录', '注册']);
  });

  it('shows a staff member 工作台 and 退出 instead of 登录/注册; 退出 ends the staff session', async () => {
    staffSession.start(operatorLoggedIn);
    const router = renderAt('/');
    await screen.findByRole('heading', { level: 1 });
    const { calls } = stubApi({ 'DELETE /api/v1/staff/sessions/current': () => new Response(null, { status: 204 }) });
    const nav = screen.getByRole('navigation', { name: '主导航' });
    expect(Array.from(nav.querySelectorAll('a, button')).map((el) => el.textContent)).toEqual(['首页', '学历查询', '在线验证', '接口文档', '工作台', '退出']);
    expect(screen.getByRole('link', { name: '工作台' }).getAttribute('href')).toBe('/staff');

    await userEvent.click(screen.getByRole('button', { name: '退出' }));
    expect(await screen.findByText('你已退出登录。')).toBeTruthy();
    expect(router.state.location.pathname + router.state.location.search).toBe('/login?as=staff');
    expect(calls.map((c) => `${c.method} ${c.path} ${c.authorization}`)).toEqual(['DELETE /api/v1/staff/sessions/current Bearer staff-1']);
    expect(staffSession.isLoggedIn()).toBe(false);
  });

  it('shows a staff member who is also logged in as a student both 退出, each ending its own session', async () => {
    staffSession.start(operatorLoggedIn);
    session.start({ access_token: 'access-1', refresh_token: 'refresh-1' });
    renderAt('/');
    await screen.findByRole('heading', { level: 1 });
    const { calls } = stubApi({
      'DELETE /api/v1/staff/sessions/current': () => new Response(null, { status: 204 }),
      'DELETE /api/v1/sessions/current': () => new Response(null, { status: 204 }),
    });
    const nav = screen.getByRole('navigation', { name: '主导航' });
    const buttons = () => Array.from(nav.querySelectorAll('button')).map((el) => el.textContent);
    expect(buttons()).toEqual(['退出（学生）', '退出（工作人员）']);

    await userEvent.click(screen.getByRole('button', { name: '退出（工作人员）' }));
    expect(await screen.findByText('你已退出登录。')).toBeTruthy();
    expect(staffSession.isLoggedIn()).toBe(false);
    expect(session.isLoggedIn()).toBe(true);
    expect(buttons()).toEqual(['退出']);

    await userEvent.click(screen.getByRole('button', { name: '退出' }));
    await screen.findByRole('link', { name: '登录' });
    // The home page's health check may land after the stub on a slow machine; only the logouts count.
    const logouts = calls.filter((c) => c.method === 'DELETE');
    expect(logouts.map((c) => `${c.method} ${c.path} ${c.authorization}`)).toEqual([
      'DELETE /api/v1/staff/sessions/current Bearer staff-1',
      'DELETE /api/v1/sessions/current Bearer access-1',
    ]);
    expect(session.isLoggedIn()).toBe(false);
  });

  it('sends a visitor without a session from /me to /login?next=/me', async () => {
    const router = renderAt('/me');
    expect(await screen.findByRole('heading', { level: 1, name: '登录' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('?next=/me');
  });

  it('goes to the login page when the session cannot be renewed', async () => {
    session.start({ access_token: 'access-1', refresh_token: 'refresh-1' });
    stubApi({
      'GET /api/v1/me': () => problem(401, 'token_expired', '登录已过期，请重新登录。'),
      'POST /api/v1/sessions/refresh': () => problem(401, 'refresh_token_invalid', '登录已失效，请重新登录。'),
    });
    const router = renderAt('/me', { stubFetch: false });
    expect(await screen.findByText('登录已过期，请重新登录。')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('?next=/me');
    expect(session.isLoggedIn()).toBe(false);
  });

  it('shows the account on /me with a session', async () => {
    session.start({ access_token: 'access-1', refresh_token: 'refresh-1' });
    stubApi({ 'GET /api/v1/me': () => json(200, { id: 'a', email: 'li.ming@example.cn', status: 'active', created_at: '2026-09-01T08:00:00Z' }) });
    renderAt('/me', { stubFetch: false });
    expect((await screen.findByTestId('me-email')).textContent).toBe('li.ming@example.cn');
    expect(screen.getByTestId('me-status').textContent).toBe('正常');
  });
});
