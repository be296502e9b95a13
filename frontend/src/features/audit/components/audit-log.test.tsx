import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';

import { staffSession, type StaffView } from '@/lib/staff/staff-session';
import { json, problem, stubApi } from '@/testing/http';
import { fieldMessage, input, renderApp } from '@/testing/render-app';

const admin: StaffView = { id: 's1', email: 'admin@example.cn', role: 'platform_admin', school_code: null, province_code: null, disabled: false, second_factor_enrolled: false };
const supportAgent: StaffView = { id: 's3', email: 'support@example.cn', role: 'support', school_code: null, province_code: null, disabled: false, second_factor_enrolled: false };
const logInAs = (staff: StaffView) => staffSession.start({ access_token: 'staff-1', token_type: 'Bearer', expires_in: 28800, staff });

const corrected = {
  id: '42',
  occurred_at: '2026-11-29T08:15:00Z',
  actor_id: 's3',
  actor_role: 'support',
  action: 'account.identity_corrected',
  target_type: 'account',
  target_id: 'a1',
  before: { name: '王晓明', id_number: '11019920050314011X' },
  after: { name: '王小明', id_number: '11019920050314011X' },
  reason: '学生来电，注册时姓名误填。',
  request_id: 'req-1',
  hash: 'h42',
  prev_hash: 'h41',
};
const created = { ...corrected, id: '1', actor_id: null, actor_role: 'system', action: 'staff.created', target_type: 'staff', target_id: 's3', before: null, after: { email: 'support@example.cn' }, reason: null };
const page = (items: unknown[], over: Record<string, number> = {}) => ({ items, total: items.length, page: 1, per_page: 20, ...over });

afterEach(() => staffSession.clear('logout'));

describe('审计日志', () => {
  it('lists the newest events and expands one into a before/after diff', async () => {
    logInAs(admin);
    const { calls } = stubApi({ 'GET /api/v1/audit-events': () => json(200, page([corrected, created])) });
    await renderApp('/staff/audit');
    expect(screen.getByTestId('audit-chain-note').textContent).toContain('xuexin audit verify');
    const table = await screen.findByTestId('audit-events');
    expect(calls[0]).toMatchObject({ path: '/api/v1/audit-events', authorization: 'Bearer staff-1' });
    const [row] = within(table).getAllByTestId('audit-event');
    const cells = [...row!.querySelectorAll('td')].map((cell) => cell.textContent);
    expect(cells.slice(1, 5)).toEqual(['客服', '更正身份信息account.identity_corrected', '学生账号a1', '学生来电，注册时姓名误填。']);
    expect(cells[0]).toMatch(/^2026-11-29 \d\d:15:00$/);

    const toggle = within(row!).getByRole('button', { name: /^详情/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const diff = screen.getByTestId('audit-diff');
    const diffRows = within(diff)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [r.getAttribute('data-changed'), ...[...r.querySelectorAll('th, td')].map((c) => c.textContent)]);
    expect(diffRows).toEqual([
      ['true', 'name（已更改）', '王晓明', '王小明'],
      [null, 'id_number', '11019920050314011X', '11019920050314011X'],
    ]);
    expect(document.getElementById(toggle.getAttribute('aria-controls') ?? '')).toBe(screen.getByTestId('audit-details'));
    await userEvent.click(toggle);
    expect(screen.queryByTestId('audit-diff')).toBeNull();
  });

  it('keeps the filters in the URL and asks for whole local days; pages keep the filters', async () => {
    logInAs(admin);
    const { calls } = stubApi({
      'GET /api/v1/audit-events': [() => json(200, page([corrected, created])), () => json(200, page([corrected], { total: 45 })), () => json(200, page([corrected], { total: 45, page: 2 }))],
    });
    const router = await renderApp('/staff/audit');
    await screen.findByTestId('audit-events');
    await userEvent.type(input('操作'), 'account.identity_corrected');
    await userEvent.type(input('起'), '2026-11-01');
    await userEvent.type(input('止'), '2026-11-30');
    await userEvent.click(screen.getByRole('button', { name: '筛选' }));
    await waitFor(() => expect(screen.getByTestId('pagination-summary').textContent).toBe('第 1 / 3 页，共 45 条记录'));
    expect(router.state.location.search).toBe('?action=account.identity_corrected&from=2026-11-01&to=2026-11-30');
    const sent = new URL(calls[1]!.path, 'http://x').searchParams;
    expect(sent.get('action')).toBe('account.identity_corrected');
    expect(sent.get('from')).toBe(new Date(2026, 10, 1).toISOString());
    expect(sent.get('to')).toBe(new Date(2026, 11, 1).toISOString());

    await userEvent.click(screen.getByRole('link', { name: '下一页 →' }));
    await waitFor(() => expect(router.state.location.search).toBe('?action=account.identity_corrected&from=2026-11-01&to=2026-11-30&page=2'));
    await waitFor(() => expect(new URL(calls[2]!.path, 'http://x').searchParams.get('page')).toBe('2'));
    expect(input('操作').value).toBe('account.identity_corrected');
  });

  it('refuses a reversed range before asking, and shows the server’s field messages', async () => {
    logInAs(admin);
    const { calls } = stubApi({
      'GET /api/v1/audit-events': [
        () => json(200, page([])),
        () => problem(422, 'validation_failed', '提交的内容有误。', [{ field: 'from', code: 'invalid_time', message: '时间格式应为 2026-11-01。' }]),
      ],
    });
    await renderApp('/staff/audit');
    expect((await screen.findByTestId('audit-empty')).textContent).toBe('审计日志里还没有记录。');
    await userEvent.type(input('起'), '2026-11-30');
    await userEvent.type(input('止'), '2026-11-01');
    await userEvent.click(screen.getByRole('button', { name: '筛选' }));
    expect(fieldMessage('to')).toBe('“止”的日期不能早于“起”。');
    expect(calls).toHaveLength(1);
  });

  it('shows a field message the server sent for a filter from the URL', async () => {
    logInAs(admin);
    stubApi({
      'GET /api/v1/audit-events': () => problem(422, 'validation_failed', '提交的内容有误。', [{ field: 'from', code: 'invalid_time', message: '时间格式应为 2026-11-01。' }]),
    });
    await renderApp('/staff/audit?from=yesterday');
    await waitFor(() => expect(fieldMessage('from')).toBe('时间格式应为 2026-11-01。'));
    expect(input('起').value).toBe('');
  });

  it('is for platform admins only (403 message for others)', async () => {
    logInAs(supportAgent);
    await renderApp('/staff/audit');
    expect(screen.getByTestId('staff-forbidden').textContent).toContain('只有平台管理员可以查看审计日志。');
    expect(screen.queryByLabelText('操作')).toBeNull();
  });
});
