import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { session } from '@/lib/session';
import { json, noContent, problem, stubApi } from '@/testing/http';
import { degree, enrollmentGraduated, enrollmentPending, items, maskedDegree, report, reportedDegree, reportedEnrollment } from '@/testing/records-fixtures';
import { input, renderApp } from '@/testing/render-app';

const logIn = () => session.start({ access_token: 'access-1', refresh_token: 'refresh-1' });
const never = () => new Promise<Response>(() => {});
/** The 学籍 page also lists the photo reports (图像校对): none here. */
const noPhotoReports = { 'GET /api/v1/me/collation-requests': () => json(200, items([])) };

afterEach(() => {
  Reflect.deleteProperty(navigator, 'clipboard');
  Reflect.deleteProperty(document, 'execCommand');
});

describe('个人中心 (hub)', () => {
  it('links to the records, the public services, and 预征网上报名 out in a new tab', async () => {
    logIn();
    stubApi({ 'GET /api/v1/me': never });
    await renderApp('/me');
    const hub = screen.getByRole('navigation', { name: '我的服务' });
    const links = within(hub).getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      '/me/enrollments',
      '/me/enrollments#photos',
      '/me/degrees',
      '/me/reports',
      '/me/data',
      '/degree-check',
      'https://www.gfbzb.gov.cn/',
    ]);
    const external = within(hub).getByRole('link', { name: /预征网上报名/ });
    expect(external.getAttribute('target')).toBe('_blank');
    expect(external.getAttribute('rel')).toContain('noopener');
    expect(external.textContent).toContain('外部网站，在新窗口打开');
    // 图像校对 leads to the photos of the 学籍 page.
    expect(within(hub).getByRole('link', { name: /图像校对/ }).textContent).toContain('核对学籍照片');
  });
});

describe('学籍信息', () => {
  it('says it is loading, then shows a card per enrollment with its status and 资格待查', async () => {
    logIn();
    let answer!: (response: Response) => void;
    const { calls } = stubApi({
      'GET /api/v1/me/enrollments': () => new Promise<Response>((resolve) => (answer = resolve)),
      ...noPhotoReports,
    });
    await renderApp('/me/enrollments');
    expect(screen.getByTestId('loading').textContent).toBe('正在读取学籍信息…');
    answer(json(200, items([enrollmentPending, enrollmentGraduated])));

    const cards = await screen.findAllByTestId('enrollment-card');
    expect(cards).toHaveLength(2);
    expect(calls[0]).toMatchObject({ path: '/api/v1/me/enrollments', authorization: 'Bearer access-1' });
    const [current, earlier] = cards as [HTMLElement, HTMLElement];
    expect(within(current).getByRole('heading', { level: 2 }).textContent).toBe('四川大学');
    expect(current.textContent).toContain('四川省');
    expect(within(current).getByTestId('enrollment-status').textContent).toBe('学籍状态：在籍');
    expect(within(current).getByTestId('enrollment-status').dataset.tone).toBe('ok');
    expect(within(current).getByTestId('qualification-pending').textContent).toBe('资格待查');
    expect(within(current).getByTestId('qualification-pending-note').textContent).toMatch(/^资格待查：学校正在核查/);
    expect(within(earlier).getByTestId('enrollment-status').textContent).toBe('学籍状态：毕业');
    expect(within(earlier).getByTestId('enrollment-status').dataset.tone).toBe('info');
    expect(within(earlier).queryByTestId('qualification-pending')).toBeNull();

    for (const label of ['姓名', '身份证号', '性别', '出生日期', '民族', '学号', '专业', '层次', '学习形式', '入学日期', '预计毕业日期']) {
      expect(within(current).getByText(label, { selector: 'dt' })).toBeTruthy();
    }
    expect(within(current).getByText('2002年11月30日')).toBeTruthy();
    expect(within(current).getByTestId('fact-student-no').textContent).toBe('2305110004');

    // The owner's ID number: masked until 显示.
    const id = within(current).getByTestId('id-number-value');
    expect(id.textContent).toBe('510199********0331');
    const toggle = within(current).getByRole('button', { name: /完整身份证号/ });
    expect(toggle.textContent).toBe('显示完整身份证号');
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(toggle);
    expect(id.textContent).toBe('510199200211300331');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(toggle.textContent).toBe('隐藏完整身份证号');

    const create = within(current).getByRole('link', { name: /生成验证报告/ });
    expect(create.getAttribute('href')).toBe('/me/reports?record_type=enrollment&record_id=e-scu');
  });

  it('marks a record the school is correcting: 更正申请中, with what it means', async () => {
    logIn();
    stubApi({
      'GET /api/v1/me/enrollments': () => json(200, items([{ ...enrollmentGraduated, correction_pending: true }, enrollmentPending])),
      ...noPhotoReports,
    });
    await renderApp('/me/enrollments');
    const [correcting, other] = (await screen.findAllByTestId('enrollment-card')) as [HTMLElement, HTMLElement];
    expect(within(correcting).getByTestId('correction-pending').textContent).toBe('更正申请中');
    expect(within(correcting).getByTestId('correction-pending-note').textContent).toBe('更正申请中：学校已提交更正，等待省级教育部门审核。');
    expect(within(other).queryByTestId('correction-pending')).toBeNull();
    expect(within(other).queryByTestId('correction-pending-note')).toBeNull();
  });

  it('explains what to do when no record matches the real-name details', async () => {
    logIn();
    stubApi({ 'GET /api/v1/me/enrollments': () => json(200, items([])) });
    await renderApp('/me/enrollments');
    const help = await screen.findByTestId('no-records');
    expect(help.textContent).toContain('没有找到与您实名信息一致的学籍记录');
    expect(help.textContent).toContain('请联系客服');
    expect(help.textContent).toContain('请联系你的学校');
    expect(screen.queryByTestId('enrollment-card')).toBeNull();
  });

  it('shows a failed load with 重试, which asks again', async () => {
    logIn();
    const { calls } = stubApi({
      'GET /api/v1/me/enrollments': [() => Promise.reject(new TypeError('offline')), () => json(200, items([enrollmentGraduated]))],
      ...noPhotoReports,
    });
    await renderApp('/me/enrollments');
    expect((await screen.findByRole('alert')).textContent).toContain('无法连接服务器');
    await userEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByTestId('enrollment-card')).toBeTruthy();
    expect(calls.filter((call) => call.path === '/api/v1/me/enrollments')).toHaveLength(2);
  });
});

describe('学历信息', () => {
  it('shows each degree with 生成验证报告', async () => {
    logIn();
    stubApi({ 'GET /api/v1/me/degrees': () => json(200, items([degree])) });
    await renderApp('/me/degrees');
    const card = await screen.findByTestId('degree-card');
    expect(within(card).getByTestId('fact-certificate-no').textContent).toBe('100031202305000123');
    expect(within(card).getByTestId('fact-school').textContent).toBe('清华大学');
    expect(within(card).getByText('2023年7月1日', { selector: 'dd' })).toBeTruthy();
    expect(within(card).getByTestId('id-number-value').textContent).toBe('310199********022X');
    expect(within(card).getByRole('link', { name: /生成验证报告/ }).getAttribute('href')).toBe('/me/reports?record_type=degree&record_id=d-thu');
  });

  it('has an empty state, and an error state with the server’s words', async () => {
    logIn();
    stubApi({
      'GET /api/v1/me/degrees': [() => problem(500, 'internal', '服务器内部错误，请稍后重试。'), () => json(200, items([]))],
    });
    await renderApp('/me/degrees');
    expect((await screen.findByTestId('load-error')).textContent).toContain('服务器内部错误，请稍后重试。');
    await userEvent.click(screen.getByRole('button', { name: '重试' }));
    expect((await screen.findByTestId('no-records')).textContent).toContain('没有找到与您实名信息一致的学历记录');
  });
});

function reportsApi(extra: Parameters<typeof stubApi>[0] = {}, reports: unknown[] = []) {
  return stubApi({
    'GET /api/v1/me/enrollments': () => json(200, items([enrollmentPending])),
    'GET /api/v1/me/degrees': () => json(200, items([degree])),
    'GET /api/v1/me/verification-reports': () => json(200, items(reports)),
    ...extra,
  });
}

describe('在线验证报告', () => {
  it('creates a report for the record of the card it came from, for 90 days', async () => {
    logIn();
    const { calls } = reportsApi({ 'POST /api/v1/me/verification-reports': () => json(201, report()) });
    await renderApp('/me/reports?record_type=degree&record_id=d-thu');
    const form = await screen.findByRole('form', { name: '生成验证报告' });
    expect((within(form).getByRole('radio', { name: /学历 · 清华大学/ }) as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByRole('radio', { name: /学籍 · 四川大学/ }) as HTMLInputElement).checked).toBe(false);
    expect(screen.getByTestId('no-reports')).toBeTruthy();

    await userEvent.selectOptions(within(form).getByLabelText('有效期'), '90');
    expect(screen.getByTestId('valid-until-preview').textContent).toMatch(/从现在起 90 天/);
    await userEvent.click(within(form).getByRole('button', { name: '生成验证报告' }));

    const created = await screen.findByTestId('report-created');
    expect(calls.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/v1/me/verification-reports',
      body: { record_type: 'degree', record_id: 'd-thu', valid_days: 90 },
      authorization: 'Bearer access-1',
    });
    expect(within(created).getByTestId('new-report-code').textContent).toBe('V4U3 GMN8 DAW7 C6FM');
    expect(created.textContent).toContain('有效期至 2027年2月27日 21:56（北京时间）');
    await waitFor(() => expect(document.activeElement).toBe(created));
    expect(within(created).getByRole('link', { name: '打印报告' }).getAttribute('href')).toBe('/me/reports/V4U3GMN8DAW7C6FM/print');
    const item = screen.getByTestId('report-item');
    expect(within(item).getByTestId('report-code').textContent).toBe('V4U3 GMN8 DAW7 C6FM');
    expect(within(item).getByTestId('report-state').textContent).toBe('状态：有效');
    expect(item.textContent).toContain('学历 · 清华大学');
  });

  it('checks a typed number of days before sending, and shows the server’s rule next to it', async () => {
    logIn();
    const { calls } = reportsApi({
      'POST /api/v1/me/verification-reports': () =>
        problem(422, 'validation_failed', '提交的内容有误，请按提示修改标出的字段。', [
          { field: 'valid_days', code: 'valid_days_out_of_range', message: '有效期应在 30 到 365 天之间。' },
        ]),
    });
    await renderApp('/me/reports');
    const form = await screen.findByRole('form', { name: '生成验证报告' });
    // Two records and none asked for: the student chooses.
    await userEvent.click(within(form).getByRole('button', { name: '生成验证报告' }));
    expect(screen.getByTestId('error-record').textContent).toBe('请选择要证明的记录。');
    await userEvent.click(within(form).getByRole('radio', { name: /学籍 · 四川大学/ }));
    await userEvent.selectOptions(within(form).getByLabelText('有效期'), 'custom');
    await userEvent.type(input('有效天数'), '20');
    await userEvent.click(within(form).getByRole('button', { name: '生成验证报告' }));
    expect(screen.getByTestId('error-valid_days').textContent).toBe('有效期应在 30 到 365 天之间。');
    expect(document.activeElement).toBe(input('有效天数'));
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);

    await userEvent.clear(input('有效天数'));
    await userEvent.type(input('有效天数'), '200');
    expect(screen.getByTestId('valid-until-preview').textContent).toMatch(/从现在起 200 天/);
    await userEvent.click(within(form).getByRole('button', { name: '生成验证报告' }));
    await waitFor(() => expect(calls.at(-1)?.body).toEqual({ record_type: 'enrollment', record_id: 'e-scu', valid_days: 200 }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByTestId('error-valid_days').textContent).toBe('有效期应在 30 到 365 天之间。');
  });

  it('lists reports with their state and Beijing-time expiry; copies the link, or shows it for copying by hand', async () => {
    logIn();
    reportsApi({}, [report(), report({ code: 'ABCDEFGHJKMNPQRS', state: 'revoked', verify_url: 'http://127.0.0.1:8080/verify/ABCDEFGHJKMNPQRS' })]);
    const writeText = vi.fn().mockResolvedValueOnce(undefined).mockRejectedValueOnce(new DOMException('denied', 'NotAllowedError'));
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    Object.defineProperty(document, 'execCommand', { value: vi.fn(() => false), configurable: true });
    await renderApp('/me/reports');
    const [active, revoked] = (await screen.findAllByTestId('report-item')) as [HTMLElement, HTMLElement];
    expect(within(active).getByTestId('report-expires').textContent).toBe('2027年2月27日 21:56');
    expect(within(revoked).getByTestId('report-state').textContent).toBe('状态：已撤销');
    expect(within(revoked).queryByRole('button', { name: /复制链接|延期|撤销/ })).toBeNull();
    expect(within(revoked).queryByRole('link', { name: /打印/ })).toBeNull();

    await userEvent.click(within(active).getByRole('button', { name: /复制链接/ }));
    expect(writeText).toHaveBeenCalledWith('http://127.0.0.1:8080/verify/V4U3GMN8DAW7C6FM');
    await waitFor(() => expect(within(active).getByTestId('copy-status').textContent).toContain('链接已复制'));

    // Refused, and the old way fails too: the link is shown selected.
    await userEvent.click(within(active).getByRole('button', { name: /复制链接/ }));
    const fallback = (await within(active).findByTestId('copy-fallback')) as HTMLInputElement;
    expect(fallback.value).toBe('http://127.0.0.1:8080/verify/V4U3GMN8DAW7C6FM');
    await waitFor(() => expect(document.activeElement).toBe(fallback));
    expect(within(active).getByTestId('copy-status').textContent).toBe('');
  });

  it('extends a report from now, and says until when', async () => {
    logIn();
    stubApi({
      'GET /api/v1/me/enrollments': () => json(200, items([enrollmentPending])),
      'GET /api/v1/me/degrees': () => json(200, items([degree])),
      'GET /api/v1/me/verification-reports': () => json(200, items([report({ state: 'expired', expires_at: '2026-10-01T00:00:00Z' })])),
      'POST /api/v1/me/verification-reports/V4U3GMN8DAW7C6FM/extend': () => json(200, report({ expires_at: '2027-05-28T13:56:24Z' })),
    });
    await renderApp('/me/reports');
    const item = await screen.findByTestId('report-item');
    expect(item.dataset.state).toBe('expired');
    expect(within(item).getByTestId('report-state').textContent).toBe('状态：已过期');
    const extend = within(item).getByRole('button', { name: /延期/ });
    await userEvent.click(extend);
    expect(extend.getAttribute('aria-expanded')).toBe('true');
    const form = within(item).getByRole('form', { name: /延期/ });
    await userEvent.selectOptions(within(form).getByLabelText('新的有效期（从现在起计算）'), '180');
    await userEvent.click(within(form).getByRole('button', { name: '确定延期' }));
    const notice = await within(item).findByTestId('report-notice');
    expect(notice.textContent).toBe('已延期，现在有效期至 2027年5月28日 21:56。');
    await waitFor(() => expect(document.activeElement).toBe(notice));
    expect(within(item).getByTestId('report-state').textContent).toBe('状态：有效');
    expect(within(item).queryByRole('form')).toBeNull();
  });

  it('revokes only after a confirmation; the report then reads 已撤销', async () => {
    logIn();
    const api = stubApi({
      'GET /api/v1/me/enrollments': () => json(200, items([])),
      'GET /api/v1/me/degrees': () => json(200, items([degree])),
      'GET /api/v1/me/verification-reports': () => json(200, items([report()])),
      'DELETE /api/v1/me/verification-reports/V4U3GMN8DAW7C6FM': () => noContent(),
    });
    await renderApp('/me/reports');
    const item = await screen.findByTestId('report-item');
    await userEvent.click(within(item).getByRole('button', { name: /撤销/ }));
    const dialog = screen.getByRole('dialog', { name: '撤销验证报告？' });
    expect(dialog.textContent).toContain('V4U3 GMN8 DAW7 C6FM');
    await userEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.calls.some((call) => call.method === 'DELETE')).toBe(false);

    await userEvent.click(within(item).getByRole('button', { name: /撤销/ }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: '确定撤销' }));
    const notice = await within(item).findByTestId('report-notice');
    expect(notice.textContent).toContain('已撤销');
    expect(api.calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/v1/me/verification-reports/V4U3GMN8DAW7C6FM', authorization: 'Bearer access-1' });
    expect(within(item).getByTestId('report-state').textContent).toBe('状态：已撤销');
    expect(within(item).queryByRole('button')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(notice));
  });

  it('marks a report revoked elsewhere when 延期 is refused with 409', async () => {
    logIn();
    stubApi({
      'GET /api/v1/me/enrollments': () => json(200, items([])),
      'GET /api/v1/me/degrees': () => json(200, items([degree])),
      'GET /api/v1/me/verification-reports': () => json(200, items([report()])),
      'POST /api/v1/me/verification-reports/V4U3GMN8DAW7C6FM/extend': () => problem(409, 'report_revoked', '这份验证报告已撤销，不能延期。'),
    });
    await renderApp('/me/reports');
    const item = await screen.findByTestId('report-item');
    await userEvent.click(within(item).getByRole('button', { name: /延期/ }));
    await userEvent.click(within(item).getByRole('button', { name: '确定延期' }));
    expect((await within(item).findByRole('alert')).textContent).toContain('这份验证报告已撤销，不能延期。');
    expect(within(item).getByTestId('report-state').textContent).toBe('状态：已撤销');
  });

  it('explains that there is nothing to vouch for without records', async () => {
    logIn();
    stubApi({
      'GET /api/v1/me/enrollments': () => json(200, items([])),
      'GET /api/v1/me/degrees': () => json(200, items([])),
      'GET /api/v1/me/verification-reports': () => json(200, items([])),
    });
    await renderApp('/me/reports');
    expect((await screen.findByTestId('no-records-for-report')).textContent).toContain('暂时不能生成验证报告');
    expect(screen.queryByRole('form')).toBeNull();
  });
});

describe('打印验证报告', () => {
  it('prints what the public sees, the code, the link and its QR code', async () => {
    logIn();
    const { calls } = stubApi({
      'GET /api/v1/me/verification-reports': () => json(200, items([report()])),
      'GET /api/v1/verification-reports/V4U3GMN8DAW7C6FM': () =>
        json(200, { code: 'V4U3GMN8DAW7C6FM', record_type: 'degree', expires_at: '2027-02-27T13:56:24Z', enrollment: null, degree: reportedDegree }),
    });
    await renderApp('/me/reports/V4U3GMN8DAW7C6FM/print');
    const sheet = await screen.findByTestId('print-sheet');
    expect(within(sheet).getByRole('heading', { level: 1 }).textContent).toBe('学历在线验证报告');
    expect(sheet.textContent).toContain('学信网 · Xuexin');
    expect(within(sheet).getByTestId('fact-name').textContent).toBe('李华');
    expect(within(sheet).queryByTestId('fact-id-number')).toBeNull();
    expect(within(sheet).getByTestId('print-code').textContent).toBe('V4U3 GMN8 DAW7 C6FM');
    expect(within(sheet).getByTestId('print-url').textContent).toBe('http://127.0.0.1:8080/verify/V4U3GMN8DAW7C6FM');
    expect(within(sheet).getByTestId('print-expires').textContent).toBe('2027年2月27日 21:56（北京时间）');
    expect(within(sheet).getByRole('img', { name: /二维码/ }).querySelector('path')?.getAttribute('d')).toMatch(/^M\d/);
    // The public endpoint goes without the access token.
    expect(calls.find((call) => call.path.startsWith('/api/v1/verification-reports/'))?.authorization).toBeNull();
  });

  it('does not print a revoked report', async () => {
    logIn();
    const { calls } = stubApi({ 'GET /api/v1/me/verification-reports': () => json(200, items([report({ state: 'revoked' })])) });
    await renderApp('/me/reports/V4U3GMN8DAW7C6FM/print');
    expect((await screen.findByTestId('print-unavailable')).textContent).toContain('已撤销，不能打印');
    expect(calls).toHaveLength(1);
  });
});

describe('在线验证 (public)', () => {
  const publicReport = { code: 'V4U3GMN8DAW7C6FM', record_type: 'degree', expires_at: '2027-02-27T13:56:24Z', enrollment: null, degree: reportedDegree };

  it('takes the code as typed (lower case, spaces, hyphens) and shows the record without an ID number', async () => {
    const { calls } = stubApi({ 'GET /api/v1/verification-reports/V4U3GMN8DAW7C6FM': () => json(200, publicReport) });
    const router = await renderApp('/verify');
    expect(screen.queryByTestId('verify-panel')).toBeNull();
    await userEvent.type(input('验证码'), 'v4u3 gmn8-daw7 c6fm');
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    const result = await screen.findByTestId('verify-result');
    expect(router.state.location.pathname).toBe('/verify/V4U3GMN8DAW7C6FM');
    expect(within(result).getByTestId('report-valid-until').textContent).toBe('本报告有效期至 2027年2月27日 21:56（北京时间）。');
    expect(within(result).queryByTestId('fact-id-number')).toBeNull();
    expect(within(result).getByTestId('public-record').textContent).not.toContain('出生日期');
    expect(within(result).getByTestId('fact-school').textContent).toBe('清华大学');
    expect(calls).toEqual([{ method: 'GET', path: '/api/v1/verification-reports/V4U3GMN8DAW7C6FM', body: undefined, authorization: null }]);
    expect(input('验证码').value).toBe('V4U3 GMN8 DAW7 C6FM');
  });

  it('shows an enrollment with its status', async () => {
    stubApi({
      'GET /api/v1/verification-reports/V4U3GMN8DAW7C6FM': () =>
        json(200, { ...publicReport, record_type: 'enrollment', degree: null, enrollment: reportedEnrollment }),
    });
    await renderApp('/verify/V4U3GMN8DAW7C6FM');
    const result = await screen.findByTestId('verify-result');
    expect(result.textContent).toContain('验证通过：学籍信息如下');
    expect(within(result).getByTestId('enrollment-status').textContent).toBe('学籍状态：在籍');
    expect(within(result).getByTestId('qualification-pending')).toBeTruthy();
    expect(within(result).getByTestId('fact-name').textContent).toBe('张伟');
    expect(within(result).queryByTestId('fact-id-number')).toBeNull();
  });

  it.each([
    ['report_not_found', '验证码不存在，请检查是否输入正确。', '未找到验证报告'],
    ['report_expired', '这份验证报告已过有效期，请向本人索取新的验证码。', '验证报告已过期'],
    ['report_revoked', '这份验证报告已撤销或失效，不再有效。', '验证报告已撤销'],
  ])('explains %s', async (code, detail, title) => {
    stubApi({ 'GET /api/v1/verification-reports/V4U3GMN8DAW7C6FM': () => problem(404, code, detail) });
    await renderApp('/verify/v4u3-gmn8-daw7-c6fm');
    const failure = await screen.findByTestId('verify-failure');
    expect(failure.textContent).toContain(title);
    expect(failure.textContent).toContain('V4U3 GMN8 DAW7 C6FM');
    expect(screen.queryByTestId('verify-result')).toBeNull();
  });

  it('says how long to wait after too many lookups', async () => {
    stubApi({
      'GET /api/v1/verification-reports/V4U3GMN8DAW7C6FM': () =>
        problem(429, 'too_many_lookups', '查询过于频繁，请稍后再试。', undefined, { 'Retry-After': '60' }),
    });
    await renderApp('/verify/V4U3GMN8DAW7C6FM');
    expect((await screen.findByTestId('retry-after')).textContent).toBe('请在 1 分钟后再试。');
  });

  it('does not ask the server about a code that cannot be one', async () => {
    const { calls } = stubApi({});
    await renderApp('/verify/ABCD-1234');
    expect((await screen.findByTestId('verify-failure')).textContent).toMatch(/验证码格式不对.*没有数字 0、1/);
    await userEvent.clear(input('验证码'));
    await userEvent.type(input('验证码'), 'v4u3');
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    expect(screen.getByTestId('error-code').textContent).toBe('验证码是 16 位，你输入了 4 位。');
    expect(document.activeElement).toBe(input('验证码'));
    expect(calls).toEqual([]);
  });
});

describe('学历查询 (public)', () => {
  it('answers 有效 with the degree, ID number masked', async () => {
    const { calls } = stubApi({ 'GET /api/v1/degree-checks': () => json(200, { valid: true, degree: maskedDegree }) });
    await renderApp('/degree-check');
    await userEvent.type(input('证书编号'), ' 1000 3120 2305 000123 ');
    await userEvent.type(input('姓名'), ' 李华 ');
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    const verdict = await screen.findByTestId('degree-check-verdict');
    expect(verdict.textContent).toContain('有效');
    const result = screen.getByTestId('degree-check-result');
    expect(within(result).getByTestId('fact-school').textContent).toBe('清华大学');
    expect(within(result).getByTestId('fact-id-number').textContent).toBe('310199********022X');
    expect(calls[0]!.path).toBe(`/api/v1/degree-checks?certificate_no=100031202305000123&name=${encodeURIComponent('李华')}`);
    expect(calls[0]!.authorization).toBeNull();
  });

  it('says nothing matched, with what to check', async () => {
    stubApi({ 'GET /api/v1/degree-checks': () => json(200, { valid: false, degree: null }) });
    await renderApp('/degree-check');
    await userEvent.type(input('证书编号'), '100031202305000124');
    await userEvent.type(input('姓名'), '李华');
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    const notFound = await screen.findByTestId('degree-check-not-found');
    expect(notFound.textContent).toContain('未查到与该证书编号和姓名一致的学历信息');
    expect(notFound.textContent).toContain('联系发证学校');
  });

  it('needs both fields, and shows the wait of a 429', async () => {
    const { calls } = stubApi({
      'GET /api/v1/degree-checks': () => problem(429, 'too_many_lookups', '查询过于频繁，请稍后再试。', undefined, { 'Retry-After': '45' }),
    });
    await renderApp('/degree-check');
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    expect(screen.getByTestId('error-certificate_no').textContent).toBe('请填写证书编号。');
    expect(screen.getByTestId('error-name').textContent).toBe('请填写姓名。');
    expect(calls).toEqual([]);
    await userEvent.type(input('证书编号'), '100031202305000123');
    await userEvent.type(input('姓名'), '李华');
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    expect((await screen.findByTestId('retry-after')).textContent).toBe('请在 1 分钟后再试。');
    expect(screen.getByTestId('degree-check-result').textContent).toContain('查询过于频繁');
  });
});
