import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';

import { routes } from './router';

function renderAt(path: string) {
  vi.stubGlobal('fetch', vi.fn(() => new Promise(() => {})));
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
      ['接口文档', '/docs'],
    ]);
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
});
