import { act, fireEvent, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { readNavState } from '@/lib/nav-state';

import { LOGIN_NOTICE, RegistrationDone } from './registration-done';

function renderDone() {
  const router = createMemoryRouter(
    [
      { path: '/register/done', element: <RegistrationDone /> },
      { path: '/login', element: <p>登录页</p> },
    ],
    { initialEntries: [{ pathname: '/register/done', state: { email: 'li.ming@example.cn' } }] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

const countdown = () => screen.getByTestId('done-countdown').textContent;

describe('注册完成', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts down 30 seconds, then opens the login page with the email', () => {
    const router = renderDone();
    expect(screen.getByTestId('registration-done').textContent).toContain('已经注册完成');
    expect(countdown()).toBe('30 秒后自动进入登录页面');
    act(() => vi.advanceTimersByTime(1_000));
    expect(countdown()).toBe('29 秒后自动进入登录页面');
    act(() => vi.advanceTimersByTime(28_000));
    expect(countdown()).toBe('1 秒后自动进入登录页面');
    expect(router.state.location.pathname).toBe('/register/done');
    act(() => vi.advanceTimersByTime(1_000));
    expect(router.state.location.pathname).toBe('/login');
    expect(screen.getByText('登录页')).toBeTruthy();
    expect(readNavState(router.state.location.state)).toEqual({ notice: LOGIN_NOTICE, email: 'li.ming@example.cn' });
  });

  it('立即登录 goes at once', () => {
    const router = renderDone();
    const link = screen.getByRole('link', { name: '立即登录' });
    expect(link.getAttribute('href')).toBe('/login');
    fireEvent.click(link);
    expect(router.state.location.pathname).toBe('/login');
    expect(readNavState(router.state.location.state).email).toBe('li.ming@example.cn');
  });
});
