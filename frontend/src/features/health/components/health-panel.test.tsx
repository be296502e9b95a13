import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { HealthPanel } from './health-panel';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function stubFetch(...answers: Array<() => Promise<Response>>) {
  const fetch = vi.fn<(input: Request) => Promise<Response>>();
  for (const answer of answers) fetch.mockImplementationOnce(answer);
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const status = () => screen.getByTestId('health-status');

describe('HealthPanel', () => {
  it('shows that it is checking, as a live status', () => {
    stubFetch(() => new Promise(() => {}));
    render(<HealthPanel />);
    expect(status().dataset.state).toBe('loading');
    expect(status().getAttribute('role')).toBe('status');
    expect(status().textContent).toContain('正在检查…');
    expect(screen.queryByRole('button', { name: '重试' })).toBeNull();
  });

  it('asks GET /health on the same origin and shows a healthy service', async () => {
    const fetch = stubFetch(async () => json(200, { status: 'ok', database: 'ok' }));
    render(<HealthPanel />);
    expect(await screen.findByText('服务正常')).toBeTruthy();
    expect(status().dataset.state).toBe('ok');
    expect(status().textContent).toContain('数据库正常');
    const request = fetch.mock.calls[0]![0];
    expect(request.method).toBe('GET');
    expect(request.url).toBe(`${window.location.origin}/health`);
    expect(screen.queryByRole('button', { name: '重试' })).toBeNull();
  });

  it('shows 503 as temporarily unavailable with the database down', async () => {
    stubFetch(async () => json(503, { status: 'unavailable', database: 'unavailable' }));
    render(<HealthPanel />);
    expect(await screen.findByText('服务暂时不可用')).toBeTruthy();
    expect(status().dataset.state).toBe('unavailable');
    expect(status().textContent).toContain('数据库不可用');
    expect(screen.getByRole('button', { name: '重试' })).toBeTruthy();
  });

  it('shows a network error and checks again on 重试', async () => {
    const fetch = stubFetch(
      () => Promise.reject(new TypeError('Failed to fetch')),
      async () => json(200, { status: 'ok', database: 'ok' }),
    );
    render(<HealthPanel />);
    expect(await screen.findByText('无法连接服务器')).toBeTruthy();
    expect(status().dataset.state).toBe('error');

    await userEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByText('服务正常')).toBeTruthy();
    expect(status().dataset.state).toBe('ok');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps the 重试 button in place, busy, while checking again', async () => {
    stubFetch(
      async () => json(503, { status: 'unavailable', database: 'unavailable' }),
      () => new Promise(() => {}),
    );
    render(<HealthPanel />);
    await userEvent.click(await screen.findByRole('button', { name: '重试' }));
    expect(status().dataset.state).toBe('loading');
    const button = screen.getByRole('button', { name: '重试' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(button);
  });

  it('treats an answer outside the contract as an error', async () => {
    stubFetch(async () => new Response('Bad Gateway', { status: 502 }));
    render(<HealthPanel />);
    expect(await screen.findByText('无法连接服务器')).toBeTruthy();
    expect(status().dataset.state).toBe('error');
    expect(status().textContent).toContain('HTTP 502');
  });
});
