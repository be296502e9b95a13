import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { session } from '@/lib/session';
import { json, problem, stubApi } from '@/testing/http';
import { renderApp } from '@/testing/render-app';

import { NOTICE_VERSION } from '../lib/notice-version';

const logIn = () => session.start({ access_token: 'access-1', refresh_token: 'refresh-1' });

afterEach(() => {
  vi.restoreAllMocks();
});

const read = {
  occurred_at: '2026-12-01T08:00:00Z',
  actor: { role: 'school_admin', role_label: '院校管理员', organisation: '清华大学' },
  target_type: 'enrollment',
  record_id: 'e1',
  fields: ['id_number', 'phone'],
  field_labels: ['身份证号', '手机号'],
  purpose: 'school_student_detail',
  purpose_label: '学校在“在校生”模块查看你的学籍详情',
};

describe('我的数据', () => {
  it('lists who looked at the details, by organisation and role, with the fields and why', async () => {
    logIn();
    const { calls } = stubApi({
      'GET /api/v1/me/access-history': () => json(200, { items: [read], total: 1, page: 1, per_page: 20 }),
    });
    await renderApp('/me/data');
    const entry = await screen.findByTestId('access-entry');
    expect(entry.textContent).toContain('清华大学 · 院校管理员');
    expect(entry.textContent).toContain('查看了：身份证号、手机号');
    expect(entry.textContent).toContain('原因：学校在“在校生”模块查看你的学籍详情');
    expect(calls[0]!.path).toBe('/api/v1/me/access-history?page=1&per_page=20');
  });

  it('says when nobody looked', async () => {
    logIn();
    stubApi({ 'GET /api/v1/me/access-history': () => json(200, { items: [], total: 0, page: 1, per_page: 20 }) });
    await renderApp('/me/data');
    expect(await screen.findByText('还没有工作人员查看过你的完整信息。')).toBeTruthy();
  });

  it('downloads the readable file under the server’s name, and shows the wait of a refusal', async () => {
    logIn();
    const created = vi.fn(() => 'blob:file');
    vi.spyOn(URL, 'createObjectURL').mockImplementation(created);
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    stubApi({
      'GET /api/v1/me/access-history': () => json(200, { items: [], total: 0, page: 1, per_page: 20 }),
      'GET /api/v1/me/data-export.html': () =>
        new Response('<!DOCTYPE html><title>我的数据</title>', {
          status: 200,
          headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Disposition': 'attachment; filename="xuexin-my-data-20261203.html"' },
        }),
      'GET /api/v1/me/data-export': () =>
        problem(429, 'too_many_exports', '每小时最多下载 5 次“我的数据”，请稍后再试。', undefined, { 'Retry-After': '600' }),
    });
    await renderApp('/me/data');
    await userEvent.click(screen.getByRole('button', { name: '下载网页文件（可打印）' }));
    await waitFor(() => expect(screen.getByTestId('download-status').textContent).toContain('已开始下载 xuexin-my-data-20261203.html'));
    expect(created).toHaveBeenCalledTimes(1);
    expect(clicked).toHaveBeenCalledTimes(1);

    await userEvent.click(screen.getByRole('button', { name: '下载数据文件（JSON）' }));
    expect(await screen.findByText(/次“我的数据”，请稍后再试/)).toBeTruthy();
    expect(clicked).toHaveBeenCalledTimes(1);
  });
});

describe('个人信息保护说明已更新', () => {
  it('shows what changed and agrees to the version in force, then goes where the student was going', async () => {
    logIn();
    const { calls } = stubApi({
      'POST /api/v1/me/consent': () => json(200, { consent_version: NOTICE_VERSION, consent_required: false }),
      'GET /api/v1/me/access-history': () => json(200, { items: [], total: 0, page: 1, per_page: 20 }),
    });
    const router = await renderApp('/me/consent?next=%2Fme%2Fdata');
    expect(screen.getByRole('heading', { name: '这次更新了什么' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '注销账号' }).getAttribute('href')).toBe('/me/close');
    await userEvent.click(screen.getByRole('button', { name: '我已阅读并同意' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/me/data'));
    expect(calls[0]!.body).toEqual({ version: NOTICE_VERSION });
  });

  it('is where a login goes when the notice changed', async () => {
    stubApi({
      'POST /api/v1/sessions': () =>
        json(200, {
          status: 'active',
          access_token: 'access-1',
          refresh_token: 'refresh-1',
          token_type: 'Bearer',
          expires_in: 900,
          session_expires_at: '2099-01-01T00:00:00Z',
          consent_required: true,
        }),
    });
    const router = await renderApp('/login');
    await userEvent.type(screen.getByLabelText('电子邮箱'), 'li@example.cn');
    await userEvent.type(screen.getByLabelText('密码'), 'Xuexin2026ok');
    await userEvent.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/me/consent'), { timeout: 5000 });
    expect(router.state.location.search).toBe('?next=%2Fme');
  });
});
