import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { staffSession, type StaffView } from '@/lib/staff/staff-session';
import { json, problem, stubApi } from '@/testing/http';
import { fieldMessage, renderApp } from '@/testing/render-app';

const supportAgent: StaffView = { id: 's3', email: 'support@example.cn', role: 'support', school_code: null, province_code: null, disabled: false, second_factor_enrolled: false };
const account = (over: Record<string, unknown> = {}) => ({
  id: 'a1',
  email: 'wang@example.cn',
  status: 'active',
  name: '王晓明',
  id_number: '11019920050314011X',
  phone: '13800138000',
  created_at: '2026-09-01T02:00:00Z',
  completed_at: '2026-09-01T02:10:00Z',
  locked_until: null,
  records_found: false,
  ...over,
});

afterEach(() => staffSession.clear('logout'));
// The account page is a large lazy chunk: loaded once up front, so a cold transform on a busy
// machine does not outlast the wait for its heading.
beforeAll(async () => {
  await import('@/app/routes/staff-support-account');
}, 60_000);

describe('协助找回账号', () => {
  it('needs the evidence, shows a taken email under the field, then records and says what happens next', async () => {
    staffSession.start({ access_token: 'staff-1', token_type: 'Bearer', expires_in: 28800, staff: supportAgent });
    const { calls } = stubApi({
      'GET /api/v1/support/accounts/a1': () => json(200, account()),
      'POST /api/v1/support/accounts/a1/recovery': [
        () => problem(409, 'email_taken', '这个邮箱已被另一个学信网账号使用，请换一个邮箱。', [{ field: 'new_email', code: 'email_taken', message: '这个邮箱已被另一个学信网账号使用，请换一个邮箱。' }]),
        () => json(200, { recovery_id: 'r1', pending_email: 'new@example.cn', phone_cleared: false }),
      ],
    });
    await renderApp('/staff/support/accounts/a1');
    const panel = await screen.findByTestId('record-recovery');
    const field = (label: string) => within(panel).getByLabelText(label, { exact: true }) as HTMLInputElement;
    await userEvent.click(within(panel).getByRole('button', { name: '记录并发送确认邮件' }));
    expect(fieldMessage('evidence_kind')).toBe('请选择核验方式。');
    expect(fieldMessage('new_email')).not.toBe('');
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    await userEvent.type(field('新邮箱'), 'used@example.cn');
    await userEvent.click(within(panel).getByLabelText(/清除手机号/));
    await userEvent.selectOptions(within(panel).getByLabelText('核验方式'), 'video_call_with_id_card');
    await userEvent.type(field('所见证据'), '视频核对身份证正反面与本人');
    await userEvent.type(field('找回原因'), '原邮箱和手机号均已停用');
    await userEvent.click(within(panel).getByRole('button', { name: '记录并发送确认邮件' }));
    await waitFor(() => expect(fieldMessage('new_email')).toBe('这个邮箱已被另一个学信网账号使用，请换一个邮箱。'));

    await userEvent.clear(field('新邮箱'));
    await userEvent.type(field('新邮箱'), 'new@example.cn');
    await userEvent.click(within(panel).getByRole('button', { name: '记录并发送确认邮件' }));
    expect((await screen.findByTestId('support-notice')).textContent).toContain('确认邮件已发送到 new@example.cn');
    expect(calls.filter((c) => c.method === 'POST')[1]).toMatchObject({
      body: { new_email: 'new@example.cn', clear_phone: true, evidence_kind: 'video_call_with_id_card', evidence_note: '视频核对身份证正反面与本人', reason: '原邮箱和手机号均已停用' },
      authorization: 'Bearer staff-1',
    });
  });
});
