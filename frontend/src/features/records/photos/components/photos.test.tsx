import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { session } from '@/lib/session';
import { json, problem, stubApi } from '@/testing/http';
import {
  candidateIdDiffers,
  candidateNameDiffers,
  collationRequest,
  enrollmentWithPhoto,
  jpeg,
} from '@/testing/photos-fixtures';
import { enrollmentPending, items } from '@/testing/records-fixtures';
import { renderApp } from '@/testing/render-app';

const logIn = () => session.start({ access_token: 'access-1', refresh_token: 'refresh-1' });

type Routes = Parameters<typeof stubApi>[0];

/** The 学籍 page with `enrollment`, the student's photo reports, and more routes. */
function photosApi(enrollment: object, routes: Routes = {}, reports: unknown[] = []) {
  return stubApi({
    'GET /api/v1/me/enrollments': () => json(200, items([enrollment])),
    'GET /api/v1/me/collation-requests': () => json(200, items(reports)),
    ...routes,
  });
}

const candidatesApi = (candidates: unknown[], routes: Routes = {}) =>
  photosApi(enrollmentPending, {
    'GET /api/v1/me/photo-candidates': () => json(200, items(candidates)),
    'GET /api/v1/me/photo-candidates/img-1/thumbnail': jpeg,
    'GET /api/v1/me/photo-candidates/img-2/thumbnail': jpeg,
    ...routes,
  });

async function openFindDialog() {
  const card = await screen.findByTestId('enrollment-card');
  expect(within(card).getByTestId('no-photo').textContent).toBe('暂无照片');
  await userEvent.click(within(card).getByRole('button', { name: '没照片，找找看？' }));
  return screen.getByRole('dialog', { name: '找找看：可能是你的照片' });
}

const posts = (calls: ReturnType<typeof stubApi>['calls']) => calls.filter((call) => call.method === 'POST');

describe('the photo on a 学籍 card', () => {
  it('fetches the photo with the token and shows it from a blob; 正确 acknowledges it here', async () => {
    logIn();
    let answer!: (response: Response) => void;
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const { calls } = photosApi(enrollmentWithPhoto, {
      'GET /api/v1/me/enrollments/e-scu/photo': () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    const router = await renderApp('/me/enrollments');
    const card = await screen.findByTestId('enrollment-card');
    expect((await within(card).findByTestId('enrollment-photo-image-loading')).textContent).toBe('正在加载…');
    answer(jpeg());

    const image = (await within(card).findByRole('img', { name: '张伟的学籍照片' })) as HTMLImageElement;
    expect(image.src).toMatch(/^blob:/);
    expect(calls.find((call) => call.path === '/api/v1/me/enrollments/e-scu/photo')).toMatchObject({ authorization: 'Bearer access-1' });
    expect(within(card).queryByRole('button', { name: '没照片，找找看？' })).toBeNull();

    const question = within(card).getByRole('group', { name: '照片是你本人吗？' });
    await userEvent.click(within(question).getByRole('button', { name: '正确' }));
    const confirmed = within(card).getByTestId('photo-confirmed');
    expect(confirmed.textContent).toContain('已确认照片无误');
    await waitFor(() => expect(document.activeElement).toBe(confirmed));
    expect(posts(calls)).toEqual([]);

    // Leaving the page frees the image's object URL.
    await router.navigate('/me');
    await waitFor(() => expect(revoke).toHaveBeenCalledWith(image.src));
  });

  it('says when the photo cannot be loaded, and 重试 asks again', async () => {
    logIn();
    const { calls } = photosApi(enrollmentWithPhoto, {
      'GET /api/v1/me/enrollments/e-scu/photo': [() => problem(500, 'internal', '服务器内部错误，请稍后重试。'), jpeg],
    });
    await renderApp('/me/enrollments');
    const failed = await screen.findByTestId('enrollment-photo-image-error');
    expect(failed.textContent).toContain('照片加载失败');
    await userEvent.click(within(failed).getByRole('button', { name: /重试/ }));
    expect(((await screen.findByRole('img', { name: '张伟的学籍照片' })) as HTMLImageElement).src).toMatch(/^blob:/);
    expect(calls.filter((call) => call.path === '/api/v1/me/enrollments/e-scu/photo')).toHaveLength(2);
  });

  it('有误 files wrong_photo with the optional note; the dialog says the school will check it', async () => {
    logIn();
    const { calls } = photosApi(enrollmentWithPhoto, {
      'GET /api/v1/me/enrollments/e-scu/photo': jpeg,
      'POST /api/v1/me/collation-requests': () => json(201, collationRequest({ kind: 'wrong_photo', image_record_id: 'img-9', message: '照片上是别人。' })),
    });
    await renderApp('/me/enrollments');
    const card = await screen.findByTestId('enrollment-card');
    await within(card).findByRole('img', { name: '张伟的学籍照片' });
    await userEvent.click(within(card).getByRole('button', { name: '有误' }));

    const dialog = screen.getByRole('dialog', { name: '照片不是你本人？' });
    const note = within(dialog).getByLabelText('补充说明（选填）');
    expect(document.activeElement).toBe(note);
    expect(dialog.textContent).toContain('四川大学');
    await userEvent.type(note, '照片上是别人。');
    await userEvent.click(within(dialog).getByRole('button', { name: '告诉学校' }));

    const filed = await within(dialog).findByTestId('photo-report-filed');
    expect(filed.textContent).toContain('学校会在“图像校对”模块中核查');
    expect(posts(calls)).toEqual([
      expect.objectContaining({
        path: '/api/v1/me/collation-requests',
        body: { kind: 'wrong_photo', enrollment_id: 'e-scu', message: '照片上是别人。' },
        authorization: 'Bearer access-1',
      }),
    ]);
    await waitFor(() => expect(document.activeElement).toBe(filed));
    const done = within(dialog).getByRole('button', { name: '已提交' });
    expect(done.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(done);
    expect(posts(calls)).toHaveLength(1);

    // Closed: the card says a report is open, and 我的照片校对申请 lists it.
    await userEvent.click(within(dialog).getByRole('button', { name: '关闭' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(card).getByTestId('photo-report-open').textContent).toContain('处理中');
    const request = within(screen.getByTestId('collation-requests')).getByTestId('collation-request');
    expect(request.textContent).toContain('学籍上的照片不是我');
    expect(request.textContent).toContain('你的说明：照片上是别人。');
    expect(within(request).getByTestId('collation-status').textContent).toBe('状态：处理中');
  });

  it('sends 有误 without a note as it is, and shows the server’s word on the note next to it', async () => {
    logIn();
    const { calls } = photosApi(enrollmentWithPhoto, {
      'GET /api/v1/me/enrollments/e-scu/photo': jpeg,
      'POST /api/v1/me/collation-requests': [
        () =>
          problem(422, 'validation_failed', '提交的内容有误，请按提示修改标出的字段。', [
            { field: 'message', code: 'reason_too_long', message: '最多 500 个字。' },
          ]),
      ],
    });
    await renderApp('/me/enrollments');
    await screen.findByRole('img', { name: '张伟的学籍照片' });
    await userEvent.click(screen.getByRole('button', { name: '有误' }));
    const dialog = screen.getByRole('dialog', { name: '照片不是你本人？' });
    await userEvent.click(within(dialog).getByRole('button', { name: '告诉学校' }));
    await waitFor(() => expect(within(dialog).getByTestId('error-message').textContent).toBe('最多 500 个字。'));
    expect(posts(calls)[0]!.body).toEqual({ kind: 'wrong_photo', enrollment_id: 'e-scu' });
    expect(document.activeElement).toBe(within(dialog).getByLabelText('补充说明（选填）'));

    // Too long is caught before sending.
    await userEvent.click(within(dialog).getByLabelText('补充说明（选填）'));
    await userEvent.paste('长'.repeat(501));
    await userEvent.click(within(dialog).getByRole('button', { name: '告诉学校' }));
    expect(within(dialog).getByTestId('error-message').textContent).toBe('最多 500 个字。');
    expect(posts(calls)).toHaveLength(1);
  });
});

describe('没照片，找找看？', () => {
  it('lists the candidates with their thumbnails, masked values and what differs; 这是我 files this_is_me', async () => {
    logIn();
    const { calls } = candidatesApi([candidateNameDiffers, candidateIdDiffers], {
      'POST /api/v1/me/collation-requests': () => json(201, collationRequest()),
    });
    await renderApp('/me/enrollments');
    const dialog = await openFindDialog();
    const [first, second] = (await within(dialog).findAllByTestId('photo-candidate')) as [HTMLElement, HTMLElement];

    expect(within(first).getByTestId('candidate-captured-on').textContent).toBe('2026年6月1日');
    expect(within(first).getByTestId('candidate-school').textContent).toBe('四川大学');
    expect(within(first).getByTestId('candidate-name').textContent).toBe('张*（与你的学籍不同）');
    expect(within(first).getByTestId('candidate-id-number').textContent).toBe('510199200211300331');
    expect(within(first).getByTestId('candidate-differs').textContent).toBe('与你的学籍不同：姓名');
    expect(within(second).getByTestId('candidate-id-number').textContent).toBe('510199********0332（与你的学籍不同）');
    expect(within(second).getByTestId('candidate-differs').textContent).toBe('与你的学籍不同：身份证号');
    const thumbnail = (await within(first).findByRole('img', { name: '2026年6月1日采集的照片' })) as HTMLImageElement;
    expect(thumbnail.src).toMatch(/^blob:/);
    expect(calls.find((call) => call.path === '/api/v1/me/photo-candidates/img-1/thumbnail')).toMatchObject({ authorization: 'Bearer access-1' });

    await userEvent.click(within(first).getByRole('button', { name: /这是我/ }));
    const filed = await within(dialog).findByTestId('photo-report-filed');
    expect(filed.textContent).toContain('学校会在“图像校对”模块中核查');
    expect(posts(calls).map((call) => call.body)).toEqual([{ kind: 'this_is_me', image_record_id: 'img-1', enrollment_id: 'e-scu' }]);
    await waitFor(() => expect(document.activeElement).toBe(filed));
    // Filed: no other report can go from here.
    expect(within(first).getByRole('button', { name: /已提交/ }).getAttribute('aria-disabled')).toBe('true');
    expect(within(second).getByRole('button', { name: /这是我/ }).getAttribute('aria-disabled')).toBe('true');
    expect(within(dialog).getByRole('button', { name: '都不是我' }).getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(within(second).getByRole('button', { name: /这是我/ }));
    expect(posts(calls)).toHaveLength(1);
  });

  it('都不是我 files none_of_these for the card’s record', async () => {
    logIn();
    const { calls } = candidatesApi([candidateIdDiffers], {
      'POST /api/v1/me/collation-requests': () => json(201, collationRequest({ kind: 'none_of_these', image_record_id: null })),
    });
    await renderApp('/me/enrollments');
    const dialog = await openFindDialog();
    await within(dialog).findByTestId('photo-candidate');
    await userEvent.click(within(dialog).getByRole('button', { name: '都不是我' }));
    await within(dialog).findByTestId('photo-report-filed');
    expect(posts(calls).map((call) => call.body)).toEqual([{ kind: 'none_of_these', enrollment_id: 'e-scu' }]);
    expect(within(dialog).getByRole('button', { name: '已提交' }).getAttribute('aria-disabled')).toBe('true');
  });

  it('shows the server’s message when a report about the record is open already (409)', async () => {
    logIn();
    candidatesApi([candidateNameDiffers], {
      'POST /api/v1/me/collation-requests': () =>
        problem(409, 'collation_request_open', '你已就这条学籍提交过校对申请，学校处理后才能再次提交。'),
    });
    await renderApp('/me/enrollments');
    const dialog = await openFindDialog();
    await within(dialog).findByTestId('photo-candidate');
    await userEvent.click(within(dialog).getByRole('button', { name: /这是我/ }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toBe('你已就这条学籍提交过校对申请，学校处理后才能再次提交。');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(within(dialog).queryByTestId('photo-report-filed')).toBeNull();
  });

  it('without candidates says so, with whom to contact, and 告诉学校 files none_of_these', async () => {
    logIn();
    const { calls } = candidatesApi([], {
      'POST /api/v1/me/collation-requests': () => json(201, collationRequest({ kind: 'none_of_these', image_record_id: null })),
    });
    await renderApp('/me/enrollments');
    const dialog = await openFindDialog();
    const empty = await within(dialog).findByTestId('no-candidates');
    expect(empty.textContent).toContain('没有找到可能属于你的照片');
    expect(empty.textContent).toContain('请与学校或图像采集部门联系');
    await userEvent.click(within(dialog).getByRole('button', { name: '告诉学校' }));
    await within(dialog).findByTestId('photo-report-filed');
    expect(posts(calls).map((call) => call.body)).toEqual([{ kind: 'none_of_these', enrollment_id: 'e-scu' }]);
  });

  it('is a modal: focus stays inside, Esc closes it and focus goes back to the button', async () => {
    logIn();
    candidatesApi([candidateNameDiffers]);
    await renderApp('/me/enrollments');
    const dialog = await openFindDialog();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    await within(dialog).findByRole('img', { name: '2026年6月1日采集的照片' });
    expect(document.activeElement).toBe(dialog);
    expect(screen.getByTestId('enrollment-card').closest('[inert]')).not.toBeNull();

    const close = within(dialog).getByRole('button', { name: '关闭' });
    close.focus();
    await userEvent.tab();
    expect(dialog.contains(document.activeElement)).toBe(true);
    await userEvent.tab({ shift: true });
    expect(document.activeElement).toBe(close);

    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '没照片，找找看？' }));
  });

  it('shows a failed search with 重试', async () => {
    logIn();
    candidatesApi([], {
      'GET /api/v1/me/photo-candidates': [() => Promise.reject(new TypeError('offline')), () => json(200, items([candidateNameDiffers]))],
    });
    await renderApp('/me/enrollments');
    const dialog = await openFindDialog();
    expect((await within(dialog).findByTestId('load-error')).textContent).toContain('无法连接服务器');
    await userEvent.click(within(dialog).getByRole('button', { name: '重试' }));
    expect(await within(dialog).findByTestId('photo-candidate')).toBeTruthy();
  });
});

describe('我的照片校对申请', () => {
  it('lists the reports with 处理中 / 已处理 / 未通过 and the school’s answer; a record with an open one says so', async () => {
    logIn();
    photosApi(enrollmentPending, {}, [
      collationRequest(),
      collationRequest({
        id: 'c-0',
        kind: 'none_of_these',
        status: 'resolved',
        decided_at: '2026-11-20T02:00:00Z',
        decision_note: '已联系图像采集部门补拍。',
      }),
      collationRequest({ id: 'c-00', kind: 'wrong_photo', status: 'rejected', decision_note: '经核对照片为本人。', message: '不像我' }),
    ]);
    await renderApp('/me/enrollments');
    const list = await screen.findByTestId('collation-requests');
    const rows = within(list).getAllByTestId('collation-request');
    expect(rows.map((row) => within(row).getByTestId('collation-status').textContent)).toEqual(['状态：处理中', '状态：已处理', '状态：未通过']);
    expect(rows.map((row) => within(row).getByTestId('collation-status').dataset.tone)).toEqual(['warn', 'ok', 'danger']);
    expect(rows[0]!.textContent).toContain('找到了我的照片');
    expect(rows[0]!.textContent).toContain('四川大学学籍 · 提交于 2026年11月29日 16:00');
    expect(rows[0]!.textContent).toContain('等待学校在“图像校对”模块中核查');
    expect(within(rows[1]!).getByTestId('collation-decision').textContent).toBe('学校答复（2026年11月20日 10:00）：已联系图像采集部门补拍。');
    expect(rows[2]!.textContent).toContain('你的说明：不像我');
    expect(within(rows[2]!).getByTestId('collation-decision').textContent).toContain('经核对照片为本人。');
    expect(within(screen.getByTestId('enrollment-card')).getByTestId('photo-report-open')).toBeTruthy();
  });

  it('says when there are none; 个人中心’s 图像校对 leads here (#photos)', async () => {
    logIn();
    const scroll = vi.spyOn(Element.prototype, 'scrollIntoView');
    photosApi(enrollmentPending);
    await renderApp('/me/enrollments#photos');
    expect((await screen.findByTestId('no-collation-requests')).textContent).toBe('你还没有提交过照片校对申请。');
    const section = document.getElementById('photos')!;
    expect(within(section).getByRole('heading', { name: '图像校对' })).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(section));
    expect(scroll.mock.contexts).toContain(section);
    expect(within(screen.getByTestId('enrollment-card')).queryByTestId('photo-report-open')).toBeNull();
  });
});
