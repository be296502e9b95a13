import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { json, problem, stubApi } from '@/testing/http';
import { renderApp } from '@/testing/render-app';

import type { StaffSessionInfo } from '../api/staff-sessions';
import { staffSession, type StaffView } from '@/lib/staff/staff-session';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

const staff = (over: Partial<StaffView> = {}): StaffView => ({
  id: 'id-support',
  email: 'support@example.cn',
  role: 'support',
  school_code: null,
  province_code: null,
  disabled: false,
  second_factor_enrolled: false,
  ...over,
});
const session = (id: string, over: Partial<StaffSessionInfo> = {}): StaffSessionInfo => ({
  id,
  created_at: '2026-12-03T01:00:00Z',
  last_active_at: '2026-12-03T02:00:00Z',
  expires_at: '2026-12-03T09:00:00Z',
  ip: '203.0.113.7',
  user_agent: CHROME,
  current: false,
  ...over,
});
const logInAs = (who: StaffView) => staffSession.start({ access_token: 'staff-1', token_type: 'Bearer', expires_in: 28800, staff: who });

afterEach(() => staffSession.clear('logout'));

describe('登录设备', () => {
  it('lists this staff member’s devices and logs another one out', async () => {
    logInAs(staff());
    const { calls } = stubApi({
      'GET /api/v1/staff/sessions': () =>
        json(200, { items: [session('s-1', { current: true }), session('s-2', { user_agent: SAFARI, ip: '198.51.100.2' }), session('s-3', { user_agent: null, ip: null })] }),
      'DELETE /api/v1/staff/sessions/s-2': () => new Response(null, { status: 204 }),
      'DELETE /api/v1/staff/sessions/s-3': () => problem(500, 'internal', '服务器出错。'),
    });
    await renderApp('/staff/sessions');
    await screen.findByTestId('sessions-table');
    const rows = screen.getAllByTestId('session-row');
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByText('Chrome · Windows')).toBeTruthy();
    expect(within(rows[0]!).getByTestId('session-current').textContent).toBe('本设备');
    expect(within(rows[0]!).queryByRole('button')).toBeNull();
    expect(within(rows[1]!).getByText('Safari · iOS')).toBeTruthy();
    expect(within(rows[1]!).getByText('198.51.100.2')).toBeTruthy();
    expect(within(rows[2]!).getByText('未知浏览器')).toBeTruthy();

    await userEvent.click(within(rows[1]!).getByRole('button', { name: /^退出此设备\s*：Safari · iOS，198\.51\.100\.2$/ }));
    const notice = await screen.findByTestId('sessions-notice');
    expect(notice.textContent).toBe('已让 Safari · iOS（198.51.100.2）退出登录。');
    await waitFor(() => expect(document.activeElement).toBe(notice));
    expect(screen.getAllByTestId('session-row')).toHaveLength(2);
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/api/v1/staff/sessions', authorization: 'Bearer staff-1' });
    expect(calls.find((c) => c.method === 'DELETE')).toMatchObject({ path: '/api/v1/staff/sessions/s-2', authorization: 'Bearer staff-1' });

    await userEvent.click(screen.getByRole('button', { name: /退出此设备\s*：未知浏览器/ }));
    expect((await screen.findByTestId('form-error')).textContent).toContain('没能让 未知浏览器 退出登录');
    expect(screen.getAllByTestId('session-row')).toHaveLength(2);
  });
});

describe('工作人员账号 → 登录设备', () => {
  it('ends all sessions of an account with a required reason, shown next to the field', async () => {
    const admin = staff({ id: 'id-admin', email: 'admin@example.cn', role: 'platform_admin' });
    const agent = staff();
    logInAs(admin);
    const { calls } = stubApi({
      'GET /api/v1/staff/accounts': () => json(200, { items: [admin, agent], total: 2, page: 1, per_page: 20 }),
      'GET /api/v1/staff/accounts/id-support/sessions': () => json(200, { items: [session('s-1'), session('s-2', { user_agent: SAFARI })] }),
      'DELETE /api/v1/staff/accounts/id-support/sessions': [
        () => problem(422, 'validation_failed', '提交的内容有误。', [{ field: 'reason', code: 'reason_too_long', message: '最多 500 个字。' }]),
        () => json(200, { ended: 2 }),
      ],
    });
    await renderApp('/staff/accounts');
    await userEvent.click(await screen.findByRole('button', { name: `登录设备 ${agent.email}` }));
    const panel = await screen.findByTestId('account-sessions');
    await within(panel).findByTestId('sessions-table');
    expect(within(panel).getAllByTestId('session-row')).toHaveLength(2);

    await userEvent.click(within(panel).getByRole('button', { name: '结束全部会话' }));
    expect(within(panel).getByTestId('error-reason').textContent).toBe('请写明原因。');
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);

    await userEvent.type(within(panel).getByLabelText('结束原因'), '员工报告电脑丢失');
    await userEvent.click(within(panel).getByRole('button', { name: '结束全部会话' }));
    await waitFor(() => expect(within(panel).getByTestId('error-reason').textContent).toBe('最多 500 个字。'));

    await userEvent.click(within(panel).getByRole('button', { name: '结束全部会话' }));
    expect((await within(panel).findByTestId('account-sessions-notice')).textContent).toBe(
      '已结束 support@example.cn 的 2 个会话：这些设备已退出登录。',
    );
    expect(within(panel).getByTestId('account-sessions-empty')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'DELETE')[1]).toMatchObject({ body: { reason: '员工报告电脑丢失' } });
  });
});
