import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { staffSession } from '@/lib/staff/staff-session';
import { page, reviewer, schoolAdmin, staffEnrollment, staffLoggedIn } from '@/testing/corrections-fixtures';
import { json, problem, stubApi } from '@/testing/http';
import { batchReport, collationRequest, imageRecord, operatorLoggedIn, photo } from '@/testing/images-fixtures';
import { fieldMessage, input, renderApp } from '@/testing/render-app';

afterEach(() => staffSession.clear('logout'));

const query = (path: string | undefined) => Object.fromEntries(new URL(path ?? '', 'http://x').searchParams);
const rows = (table: HTMLElement) => within(table).getAllByRole('row').map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
const zip = () => new File(['PK\u0003\u0004 a batch'], 'batch-0601.zip', { type: 'application/x-zip-compressed' });

describe('照片批量上传', () => {
  const history = (items: object[] = []) => () => json(200, page(items));

  it('sends the ZIP itself (application/zip, staff token) and lists the refused lines', async () => {
    staffSession.start(operatorLoggedIn);
    const { calls } = stubApi({
      'GET /api/v1/image-batches': [history(), history([{ id: 'b-1', created_at: '2026-11-29T08:00:00Z', accepted: 1, rejected: 1, report: batchReport() }])],
      'POST /api/v1/image-batches': () => json(201, batchReport({ unreferenced_files: ['extra.jpg'] })),
    });
    await renderApp('/staff/image-batches');
    expect(await screen.findByTestId('no-batches')).toBeTruthy();
    expect(screen.getByText(/file,\s*school_name,\s*name,\s*id_number,\s*captured_on/)).toBeTruthy();

    // Nothing chosen: said next to the input, nothing sent.
    await userEvent.click(screen.getByRole('button', { name: '上传' }));
    expect(fieldMessage('file')).toBe('请选择要上传的 ZIP 压缩包。');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);

    await userEvent.upload(input('ZIP 压缩包'), zip());
    expect(screen.getByText(/已选择 batch-0601\.zip/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: '上传' }));
    expect((await screen.findByTestId('batch-summary')).textContent).toBe('共 2 行，成功 1 张，失败 1 行。');
    expect(calls.find((call) => call.method === 'POST')).toMatchObject({
      path: '/api/v1/image-batches',
      authorization: 'Bearer staff-1',
      contentType: 'application/zip',
      body: 'PK\u0003\u0004 a batch',
    });
    expect(rows(within(screen.getByTestId('batch-upload-result')).getByTestId('batch-rejected'))).toEqual([
      ['行号', '文件', '原因'],
      ['3', '0002.jpg', '照片尺寸为 300×400 像素，应为 480×640'],
    ]);
    expect(screen.getByTestId('batch-unreferenced').textContent).toContain('extra.jpg');
    expect(document.activeElement).toBe(screen.getByTestId('batch-upload-result'));

    // The history is read again and shows the new batch; its report expands.
    const table = await screen.findByTestId('batches');
    expect(rows(table)[1]?.slice(1, 3)).toEqual(['1', '1']);
    const toggle = within(table).getByRole('button', { name: /查看报告/ });
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(within(screen.getByTestId('batch-report')).getByText('照片尺寸为 300×400 像素，应为 480×640')).toBeTruthy();
  });

  it('shows a refused batch (422) as one message, without a table', async () => {
    staffSession.start(operatorLoggedIn);
    stubApi({
      'GET /api/v1/image-batches': history(),
      'POST /api/v1/image-batches': () => problem(422, 'manifest_missing', '压缩包根目录下没有 manifest.csv（列：file,school_name,name,id_number,captured_on）。'),
    });
    await renderApp('/staff/image-batches');
    await userEvent.upload(input('ZIP 压缩包'), zip());
    await userEvent.click(screen.getByRole('button', { name: '上传' }));
    const refused = await screen.findByTestId('batch-refused');
    expect(refused.textContent).toContain('整批未接收，没有保存任何照片');
    expect(refused.textContent).toContain('压缩包根目录下没有 manifest.csv');
    expect(screen.queryByTestId('batch-rejected')).toBeNull();
    expect(screen.queryByTestId('batch-summary')).toBeNull();
  });

  it('explains a file that is too large (413)', async () => {
    staffSession.start(operatorLoggedIn);
    stubApi({
      'GET /api/v1/image-batches': history(),
      'POST /api/v1/image-batches': () => problem(413, 'payload_too_large', 'too large'),
    });
    await renderApp('/staff/image-batches');
    await userEvent.upload(input('ZIP 压缩包'), zip());
    await userEvent.click(screen.getByRole('button', { name: '上传' }));
    expect((await screen.findByTestId('form-error')).textContent).toContain('压缩包太大');
  });

  it('is for image operators: others are told why, and nothing is asked', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubApi({});
    await renderApp('/staff/image-batches');
    expect(screen.getByTestId('staff-forbidden').textContent).toContain('照片批量上传只供图像采集人员使用');
    expect(calls).toHaveLength(0);
  });
});

describe('图像校对 (search)', () => {
  it('searches with the filters of the URL and lists the records with their photo', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const linked = imageRecord({ id: 'img-2', name: '王小明', linked: true, enrollment_ids: ['e-wxm'], deleted_at: '2026-11-30T08:00:00Z' });
    const { calls } = stubApi({
      'POST /api/v1/image-records/search': () => json(200, page([imageRecord(), linked], { total: 45, page: 2 })),
      'GET /api/v1/image-records/img-1/photo': photo,
      'GET /api/v1/image-records/img-2/photo': photo,
    });
    await renderApp('/staff/images?name=王晓明&id_number=11019920050314011x&linked=false&include_deleted=true&page=2');
    const table = await screen.findByTestId('image-results');
    expect(calls[0]?.authorization).toBe('Bearer staff-1');
    // The filters travel in the body, never in the API's URL.
    expect(calls[0]?.path).toBe('/api/v1/image-records/search');
    expect(calls[0]?.body).toEqual({
      name: '王晓明',
      id_number: '11019920050314011X',
      linked: false,
      include_deleted: true,
      page: 2,
      per_page: 20,
    });
    // The form shows the filters it searched with.
    expect(input('姓名').value).toBe('王晓明');
    expect(input('身份证号').value).toBe('11019920050314011X');
    expect((screen.getByLabelText('关联状态') as HTMLSelectElement).value).toBe('false');
    expect((screen.getByLabelText('含已删除') as HTMLInputElement).checked).toBe(true);

    expect(rows(table)[0]).toEqual(['照片', '采集信息', '采集日期', '状态']);
    expect(rows(table)[1]?.slice(1)).toEqual(['学校名称北京大学姓名王晓明身份证号11019920050314011X', '2026-06-01', '关联状态：未关联']);
    expect(rows(table)[2]?.[3]).toBe('关联状态：已关联学籍已删除');
    expect(within(table).getByRole('link', { name: '王晓明' }).getAttribute('href')).toBe('/staff/images/img-1');
    // Every cell says which column it is (the cards of a phone show it).
    expect([...table.querySelectorAll('tbody tr:first-child td')].map((cell) => cell.getAttribute('data-label'))).toEqual(['照片', '采集信息', '采集日期', '状态']);
    // The photos are fetched with the staff token and shown through object URLs.
    const thumbnails = await within(table).findAllByRole('img');
    expect(thumbnails.map((img) => img.getAttribute('alt'))).toEqual(['王晓明的采集照片', '王小明的采集照片']);
    expect(thumbnails[0]?.getAttribute('src')).toMatch(/^blob:/);
    expect(calls.find((call) => call.path === '/api/v1/image-records/img-1/photo')?.authorization).toBe('Bearer staff-1');
    expect(screen.getAllByTestId('pagination-summary')[0]?.textContent).toBe('第 2 / 3 页，共 45 张采集照片');
  });

  it('puts new filters into the URL (from page 1; not the name) and searches again', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubApi({ 'POST /api/v1/image-records/search': () => json(200, page([])) });
    const router = await renderApp('/staff/images?page=3');
    await screen.findByTestId('no-images');
    await userEvent.type(input('姓名'), ' 王晓明 ');
    await userEvent.selectOptions(screen.getByLabelText('关联状态'), 'true');
    await userEvent.click(screen.getByLabelText('含已删除'));
    await userEvent.click(screen.getByRole('button', { name: '查询' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    // The name stays out of the address bar (kept for the tab only).
    expect(router.state.location.search).toBe('?linked=true&include_deleted=true');
    expect(calls[1]?.body).toEqual({ name: '王晓明', linked: true, include_deleted: true, page: 1, per_page: 20 });
    await userEvent.click(await screen.findByRole('link', { name: '清除条件' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('tells the school to contact the photo agency when an ID number finds no photo', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubApi({ 'POST /api/v1/image-records/search': () => json(200, page([])) });
    const router = await renderApp('/staff/images?id_number=110101200001011234');
    expect((await screen.findByTestId('no-photo')).textContent).toContain('没有找到这个学生的采集照片，请与图像采集部门联系');
    // An old link with the ID number in it: searched once, and the number leaves the address bar.
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(calls.map((call) => call.body)).toEqual([{ id_number: '110101200001011234', page: 1, per_page: 20 }]);
    expect(input('身份证号').value).toBe('110101200001011234');
  });

  it('is for school admins: others are told why, and nothing is asked', async () => {
    staffSession.start(staffLoggedIn(reviewer));
    const { calls } = stubApi({});
    await renderApp('/staff/images');
    expect(screen.getByTestId('staff-forbidden').textContent).toContain('图像校对只供院校管理员使用');
    expect(calls).toHaveLength(0);
  });
});

describe('采集照片 (a record)', () => {
  function stubRecord(record = imageRecord(), extra: Parameters<typeof stubApi>[0] = {}) {
    return stubApi({
      'GET /api/v1/image-records/img-1': () => json(200, record),
      'GET /api/v1/image-records/img-1/photo': photo,
      ...extra,
    });
  }

  it('更正采集信息: prefilled, only the changed fields sent, server messages next to their field, then whether it links', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const fixed = imageRecord({ name: '王小明', linked: true, enrollment_ids: ['e-wxm'], updated_at: '2026-11-29T09:00:00Z' });
    const { calls } = stubRecord(imageRecord(), {
      'PATCH /api/v1/image-records/img-1': [
        () =>
          problem(422, 'validation_failed', '提交的内容有误，请按提示修改标出的字段。', [
            { field: 'id_number', code: 'id_number_checksum', message: '身份证号校验位不正确' },
          ]),
        () => json(200, fixed),
      ],
      'GET /api/v1/enrollments/e-wxm': () => json(200, staffEnrollment),
    });
    await renderApp('/staff/images/img-1');
    expect((await screen.findByTestId('record-photo')).getAttribute('alt')).toBe('王晓明的采集照片');
    expect(screen.getByTestId('not-linked')).toBeTruthy();
    const form = screen.getByRole('form', { name: '更正采集信息' });
    expect(input('学校名称').value).toBe('北京大学');
    expect(input('姓名').value).toBe('王晓明');
    expect(input('身份证号').value).toBe('11019920050314011X');

    // Nothing changed: said on top, nothing sent.
    await userEvent.click(within(form).getByRole('button', { name: '保存更正' }));
    expect(screen.getByTestId('form-error').textContent).toContain('还没有修改任何一项');
    expect(calls.filter((call) => call.method === 'PATCH')).toHaveLength(0);

    await userEvent.clear(input('姓名'));
    await userEvent.type(input('姓名'), '王小明');
    expect(input('姓名').closest('[data-field]')?.textContent).toContain('已修改，原值：王晓明');
    await userEvent.click(within(form).getByRole('button', { name: '保存更正' }));
    await waitFor(() => expect(fieldMessage('id_number')).toBe('身份证号校验位不正确'));
    expect(calls.find((call) => call.method === 'PATCH')).toMatchObject({
      path: '/api/v1/image-records/img-1',
      authorization: 'Bearer staff-1',
      body: { name: '王小明' },
    });
    expect(document.activeElement).toBe(input('身份证号'));

    await userEvent.click(within(form).getByRole('button', { name: '保存更正' }));
    const outcome = await screen.findByTestId('fix-outcome');
    expect(outcome.textContent).toContain('已关联到学籍');
    expect(calls.filter((call) => call.method === 'PATCH')[1]?.body).toEqual({ name: '王小明' });
    // The form starts again from the record as it is now; the linked record is listed with a link.
    expect(input('姓名').value).toBe('王小明');
    const enrollment = await screen.findByTestId('linked-enrollment');
    expect(within(enrollment).getByRole('link', { name: /王小明（学号 2301110001）/ }).getAttribute('href')).toBe('/staff/enrollments/e-wxm');
  });

  it('says when a fix still links to nothing', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    stubRecord(imageRecord(), { 'PATCH /api/v1/image-records/img-1': () => json(200, imageRecord({ name: '王小敏' })) });
    await renderApp('/staff/images/img-1');
    await userEvent.clear(await screen.findByLabelText('姓名'));
    await userEvent.type(input('姓名'), '王小敏');
    await userEvent.click(screen.getByRole('button', { name: '保存更正' }));
    expect((await screen.findByTestId('fix-outcome')).textContent).toContain('仍未关联：没有学籍的学校名称、姓名和身份证号与之完全一致');
  });

  it('删除重复照片: the reason, a confirmation (取消 sends nothing), then the record is marked deleted', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubRecord(imageRecord(), {
      'DELETE /api/v1/image-records/img-1': () =>
        json(200, imageRecord({ deleted_at: '2026-11-30T08:00:00Z', deleted_reason: '同一学生的重复照片。', updated_at: '2026-11-30T08:00:00Z' })),
    });
    await renderApp('/staff/images/img-1');
    const form = await screen.findByRole('form', { name: '删除重复照片' });
    await userEvent.click(within(form).getByRole('button', { name: '删除照片' }));
    expect(fieldMessage('reason')).toBe('请写明原因。');
    expect(screen.queryByRole('dialog')).toBeNull();

    await userEvent.type(input('删除原因'), '同一学生的重复照片。');
    await userEvent.click(within(form).getByRole('button', { name: '删除照片' }));
    let dialog = screen.getByRole('dialog', { name: '确认这是重复照片？' });
    expect(dialog.textContent).toContain('删除后照片文件将被清理');
    await userEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(0);

    await userEvent.click(within(form).getByRole('button', { name: '删除照片' }));
    dialog = screen.getByRole('dialog', { name: '确认这是重复照片？' });
    await userEvent.click(within(dialog).getByRole('button', { name: '确认删除' }));
    expect((await screen.findByTestId('image-deleted')).textContent).toContain('已作为重复照片删除');
    expect(calls.find((call) => call.method === 'DELETE')).toMatchObject({ path: '/api/v1/image-records/img-1', body: { reason: '同一学生的重复照片。' } });
    expect(screen.getByTestId('deleted-reason').textContent).toBe('同一学生的重复照片。');
    expect(screen.queryByRole('form', { name: '更正采集信息' })).toBeNull();
    expect(screen.queryByRole('form', { name: '删除重复照片' })).toBeNull();
  });

  it('a photo captured for another school is shown read-only: no fix, no delete', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubRecord(imageRecord({ school_name: '清华大学', editable: false }));
    await renderApp('/staff/images/img-1');
    expect((await screen.findByTestId('image-read-only')).textContent).toContain('采集时登记的学校名称是“清华大学”');
    expect(screen.getByTestId('read-only').textContent).toBe('其他学校采集，只读');
    expect(await screen.findByTestId('record-photo')).toBeTruthy();
    expect(screen.queryByRole('form', { name: '更正采集信息' })).toBeNull();
    expect(screen.queryByRole('form', { name: '删除重复照片' })).toBeNull();
    expect(calls.filter((call) => call.method !== 'GET')).toHaveLength(0);
  });

  it('revokes a duplicate enrollment it links to with the form of 在校生', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const duplicate = { ...staffEnrollment, id: 'e-dup', student_no: '2309990001', study_form: '网络教育' };
    const { calls } = stubRecord(imageRecord({ name: '王小明', linked: true, enrollment_ids: ['e-wxm', 'e-dup'] }), {
      'GET /api/v1/enrollments/e-wxm': () => json(200, staffEnrollment),
      'GET /api/v1/enrollments/e-dup': () => json(200, duplicate),
      'POST /api/v1/enrollments/e-dup/revocation': () => json(200, { ...duplicate, status: '注销', revocation_reason: '网络教育重复学籍。' }),
    });
    await renderApp('/staff/images/img-1');
    await waitFor(() => expect(screen.getAllByTestId('linked-enrollment')).toHaveLength(2));
    const second = screen.getAllByTestId('linked-enrollment')[1]!;
    await userEvent.click(within(second).getByRole('button', { name: '注销重复学籍' }));
    const form = within(second).getByRole('form', { name: '注销重复学籍' });
    await userEvent.type(within(form).getByLabelText('注销原因'), '网络教育重复学籍。');
    await userEvent.type(within(form).getByLabelText('与之重复的学籍编号（选填）'), 'e-wxm');
    await userEvent.click(within(form).getByRole('button', { name: '注销学籍' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: '确认注销' }));
    expect((await within(second).findByTestId('enrollment-notice')).textContent).toBe('学籍已注销。');
    expect(calls.find((call) => call.method === 'POST')).toMatchObject({
      path: '/api/v1/enrollments/e-dup/revocation',
      body: { reason: '网络教育重复学籍。', duplicate_of: 'e-wxm' },
    });
    expect(within(second).queryByRole('button', { name: '注销重复学籍' })).toBeNull();
    expect(within(second).getByText('注销')).toBeTruthy();
  });

  it('shows the photo through an object URL, revoked when the page is left', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubRecord(imageRecord(), { 'POST /api/v1/image-records/search': () => json(200, page([])) });
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    await renderApp('/staff/images/img-1');
    const src = (await screen.findByTestId('record-photo')).getAttribute('src');
    expect(src).toMatch(/^blob:/);
    expect(calls.find((call) => call.path.endsWith('/photo'))?.authorization).toBe('Bearer staff-1');
    await userEvent.click(screen.getByRole('link', { name: '← 图像校对' }));
    await screen.findByTestId('no-images');
    expect(revoke).toHaveBeenCalledWith(src);
    revoke.mockRestore();
  });

  it('says so when the record is not the school’s (404)', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    stubApi({ 'GET /api/v1/image-records/img-9': () => problem(404, 'image_record_not_found', '没有这条采集记录。') });
    await renderApp('/staff/images/img-9');
    expect((await screen.findByTestId('image-not-found')).textContent).toContain('没有找到这条采集记录');
  });
});

describe('照片校对申请', () => {
  it('lists the open reports in Chinese with their links, and resolves one with an optional note', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const none = collationRequest({ id: 'cr-2', kind: 'none_of_these', image_record_id: null, message: null, student_email: 'li@example.cn' });
    const { calls } = stubApi({
      'GET /api/v1/collation-requests': () => json(200, page([collationRequest(), none])),
      'POST /api/v1/collation-requests/cr-1/resolve': () => json(200, collationRequest({ status: 'resolved', decided_at: '2026-11-29T09:00:00Z' })),
    });
    await renderApp('/staff/collation-requests');
    const table = await screen.findByTestId('collation-requests');
    expect(query(calls[0]?.path)).toEqual({ status: 'open', page: '1', per_page: '20' });
    expect(screen.getByRole('tab', { name: '待处理' }).getAttribute('aria-selected')).toBe('true');
    expect(rows(table).map((cells) => cells.slice(0, 5))).toEqual([
      ['学生邮箱', '类型', '留言', '时间', '相关记录'],
      ['wang@example.cn', '这是我的照片', '采集时姓名录错了', expect.stringMatching(/^2026-11-29 \d\d:00$/), '采集照片学籍'],
      ['li@example.cn', '都不是我', '—', expect.any(String), '学籍'],
    ]);
    const first = screen.getAllByTestId('collation-row')[0]!;
    expect(within(first).getByRole('link', { name: '采集照片' }).getAttribute('href')).toBe('/staff/images/img-1');
    expect(within(first).getByRole('link', { name: '学籍' }).getAttribute('href')).toBe('/staff/enrollments/e-wxm');

    await userEvent.click(within(first).getByRole('button', { name: /处理完成/ }));
    await userEvent.click(screen.getByRole('button', { name: '确认处理完成' }));
    expect((await screen.findByTestId('collation-notice')).textContent).toContain('已处理完成：wang@example.cn的申请（这是我的照片）');
    expect(calls.find((call) => call.method === 'POST')).toMatchObject({ path: '/api/v1/collation-requests/cr-1/resolve', body: {} });
    // It left the queue.
    expect(screen.getAllByTestId('collation-row')).toHaveLength(1);
  });

  it('驳回 needs a note: said next to it, and the server’s message too', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubApi({
      'GET /api/v1/collation-requests': () => json(200, page([collationRequest({ kind: 'wrong_photo' })])),
      'POST /api/v1/collation-requests/cr-1/reject': [
        () => problem(422, 'validation_failed', '提交的内容有误。', [{ field: 'note', code: 'reason_too_long', message: '最多 500 个字。' }]),
        () => json(200, collationRequest({ kind: 'wrong_photo', status: 'rejected', decision_note: '照片核对无误。' })),
      ],
    });
    await renderApp('/staff/collation-requests');
    expect((await screen.findByTestId('collation-kind')).textContent).toBe('照片不是我');
    await userEvent.click(screen.getByRole('button', { name: /^驳回/ }));
    await userEvent.click(screen.getByRole('button', { name: '确认驳回' }));
    expect(fieldMessage('note')).toBe('请写明原因。');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);

    await userEvent.type(input('驳回原因'), '照片核对无误。');
    await userEvent.click(screen.getByRole('button', { name: '确认驳回' }));
    await waitFor(() => expect(fieldMessage('note')).toBe('最多 500 个字。'));
    await userEvent.type(input('驳回原因'), ' ');
    await userEvent.click(screen.getByRole('button', { name: '确认驳回' }));
    expect((await screen.findByTestId('collation-notice')).textContent).toContain('已驳回');
    expect(calls.filter((call) => call.method === 'POST')[1]).toMatchObject({ path: '/api/v1/collation-requests/cr-1/reject', body: { note: '照片核对无误。' } });
    expect(await screen.findByTestId('no-collation-requests')).toBeTruthy();
  });

  it('keeps the tab in the URL and shows how the decided ones ended', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubApi({
      'GET /api/v1/collation-requests': [
        () => json(200, page([])),
        () => json(200, page([collationRequest({ status: 'rejected', decided_at: '2026-11-29T09:00:00Z', decision_note: '照片核对无误。' })])),
      ],
    });
    const router = await renderApp('/staff/collation-requests');
    expect((await screen.findByTestId('no-collation-requests')).textContent).toContain('没有待处理的照片校对申请');
    await userEvent.click(screen.getByRole('tab', { name: '未通过' }));
    await waitFor(() => expect(router.state.location.search).toBe('?status=rejected'));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(query(calls[1]?.path)).toMatchObject({ status: 'rejected' });
    expect((await screen.findByTestId('decision-note')).textContent).toBe('照片核对无误。');
    expect(screen.queryByRole('button', { name: /驳回/ })).toBeNull();
  });

  it('shows a closed report (409) and reads the queue again', async () => {
    staffSession.start(staffLoggedIn(schoolAdmin));
    const { calls } = stubApi({
      'GET /api/v1/collation-requests': [() => json(200, page([collationRequest()])), () => json(200, page([]))],
      'POST /api/v1/collation-requests/cr-1/resolve': () => problem(409, 'collation_request_closed', '这份申请已经处理过了。'),
    });
    await renderApp('/staff/collation-requests');
    await userEvent.click(await screen.findByRole('button', { name: /处理完成/ }));
    await userEvent.click(screen.getByRole('button', { name: '确认处理完成' }));
    await waitFor(() => expect(calls.filter((call) => call.method === 'GET')).toHaveLength(2));
    expect((await screen.findByTestId('collation-notice')).textContent).toContain('这份申请已经处理过了。');
  });
});
