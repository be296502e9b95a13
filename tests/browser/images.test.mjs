// Image collation in the browser (PRODUCT.md "Photos: image collation"), with the demo data and
// demo staff (APP_DEMO_DATA=true). Real photos are made by Chromium itself (a page of 480×640, or
// 300×400 for a wrong size, saved as a JPEG screenshot) and packed by support/zip.mjs.
// At a desktop's size the photo agency (photo@…) logs in on /login?as=staff, opens 照片批量上传 from
// 工作台, uploads a ZIP whose manifest has a good photo of the demo student 王小明
// (11019920050314011X, 北京大学) captured with the name mistyped 王晓明 and a 300×400 photo →
// 成功 1 and the refused line with its reason, the batch in the history; a ZIP without a manifest
// is refused as a whole. The school admin (pku@…) opens 图像校对, searches the ID number → 未关联
// (the page at 375 px fits), opens the record (the photo, 更正采集信息 prefilled), fixes 姓名 to
// 王小明 (only `{name}` is sent) → 已关联到学籍, the enrollment listed (fits 375 px); an ID number
// without any photo → 请与图像采集部门联系.
// Screenshots: images-upload-desktop.png, images-search-desktop.png, images-search-mobile.png,
// images-record-desktop.png, images-record-linked-desktop.png, images-record-mobile.png,
// images-no-photo-desktop.png, images-queue-desktop.png, images-queue-mobile.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { apiLogin, callApi, FAST, registerStudent } from './support/api.mjs';
import {
  DESKTOP,
  haveChromium,
  launchBrowser,
  PHONE,
  screenshot,
  startServer,
  stopServer,
  withPage as withFreshPage,
} from './support/server.mjs';
import { makePhoto } from './support/photo.mjs';
import { assertFitsThePhone, typeInto } from './support/ui.mjs';
import { zipStored } from './support/zip.mjs';

/** @type {import('./support/server.mjs').Server | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;
/** The photos, made by Chromium before the tests. */
let goodPhoto;
let smallPhoto;

// Demo staff (dev only): the photo agency and the school admin of 北京大学 (10001).
const OPERATOR = { email: 'photo@xuexin.example', password: 'Photo2026' };
const SCHOOL = { email: 'pku@xuexin.example', password: 'School2026' };
// The demo record 王小明 of 北京大学; the photo agency typed 王晓明.
const STUDENT = { school: '北京大学', name: '王小明', idNumber: '11019920050314011X', studentNo: '2301110001' };
const MISTYPED = '王晓明';
// 𠇔伟 of 北京大学: no photo of them was collected (the demo photos are of 李华, 买买提·艾力 and 陈静).
const WITHOUT_PHOTO = '110199200501230912';

const withPage = (t, body, options = {}) =>
  withFreshPage(t, { browser, server, viewport: DESKTOP, allowConsole: [/status of 422/], ...options }, body);

before(async () => {
  if (!haveChromium) return;
  server = await startServer({ ...FAST, APP_DEMO_DATA: 'true' });
  browser = await launchBrowser();
  goodPhoto = await makePhoto(browser, { width: 480, height: 640, label: '0001' });
  smallPhoto = await makePhoto(browser, { width: 300, height: 400, label: '0002' });
  assert.equal(goodPhoto.readUInt16BE(0), 0xffd8, 'a JPEG');
});

after(async () => {
  await browser?.close();
  await stopServer(server);
});

/** Staff log in on the staff tab of /login, then 工作台. */
async function staffLogIn(page, base, { email, password }) {
  await page.goto(`${base}/login?as=staff`);
  await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();
  await typeInto(page, '电子邮箱', email);
  await typeInto(page, '密码', password);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/staff');
  await page.getByTestId('staff-role').waitFor();
}

/** The texts of the cells of each row of a table (header row included). */
function tableRows(table) {
  return table.locator('tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? '')));
}

const zipFile = (name, entries) => ({ name, mimeType: 'application/zip', buffer: zipStored(entries) });

test('the photo agency uploads a batch: the good photo is stored, the wrong size is reported by line (desktop)', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await staffLogIn(page, base, OPERATOR);
    assert.match(await page.getByTestId('staff-role').innerText(), /图像采集人员/);
    await page.getByTestId('staff-tools').getByRole('link', { name: '照片批量上传' }).click();
    await page.waitForURL((url) => url.pathname === '/staff/image-batches');
    await page.getByRole('heading', { level: 1, name: '照片批量上传' }).waitFor();

    const manifest = [
      'file,school_name,name,id_number,captured_on',
      `0001.jpg,${STUDENT.school},${MISTYPED},${STUDENT.idNumber},2026-06-01`,
      `0002.jpg,${STUDENT.school},${STUDENT.name},${STUDENT.idNumber},2026-06-01`,
    ].join('\n');
    await page.getByLabel('ZIP 压缩包', { exact: true }).setInputFiles(
      zipFile('batch-0601.zip', [
        { name: 'manifest.csv', data: Buffer.from(`${manifest}\n`, 'utf8') },
        { name: '0001.jpg', data: goodPhoto },
        { name: '0002.jpg', data: smallPhoto },
      ]),
    );
    const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/v1/image-batches') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '上传', exact: true }).click();
    const response = await uploaded;
    assert.equal(response.status(), 201);
    assert.equal(response.request().headers()['content-type'], 'application/zip', 'the ZIP itself, not a form');

    assert.match(await page.getByTestId('batch-summary').innerText(), /共 2 行，成功 1 张，失败 1 行/);
    const rows = await tableRows(page.getByTestId('batch-upload-result').getByTestId('batch-rejected'));
    assert.deepEqual(rows[0], ['行号', '文件', '原因']);
    assert.equal(rows.length, 2, JSON.stringify(rows));
    assert.deepEqual(rows[1].slice(0, 2), ['3', '0002.jpg']);
    assert.match(rows[1][2], /300×400/);
    t.diagnostic(`screenshot: ${await screenshot(page, 'images-upload-desktop')}`);

    // The batch is in the history (newest first, after the demo batch); its report expands.
    const history = page.getByTestId('batches');
    await history.waitFor();
    const batches = await tableRows(history);
    assert.deepEqual(batches[1].slice(1, 3), ['1', '1']);
    await history.getByRole('button', { name: /查看报告/ }).first().click();
    assert.match(await page.getByTestId('batch-report').innerText(), /300×400/);

    // A ZIP without manifest.csv is refused as a whole, in one message.
    await page.getByLabel('ZIP 压缩包', { exact: true }).setInputFiles(zipFile('photos-only.zip', [{ name: '0001.jpg', data: goodPhoto }]));
    await page.getByRole('button', { name: '上传', exact: true }).click();
    const refused = page.getByTestId('batch-refused');
    await refused.waitFor();
    assert.match(await refused.innerText(), /整批未接收/);
    assert.match(await refused.innerText(), /manifest\.csv/);
    assert.equal(await page.getByTestId('batch-summary').count(), 0);
  });
});

test('the school finds the unlinked photo in 图像校对 and fixes the name: it links (desktop, then phone)', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await staffLogIn(page, base, SCHOOL);
    await page.getByTestId('staff-tools').getByRole('link', { name: '图像校对' }).click();
    await page.waitForURL((url) => url.pathname === '/staff/images');
    await page.getByRole('heading', { level: 1, name: '图像校对' }).waitFor();

    // Search by the ID number: it travels in the body and stays out of the address bar.
    await typeInto(page, '身份证号', STUDENT.idNumber);
    const searched = page.waitForResponse((r) => r.url().endsWith('/api/v1/image-records/search') && r.request().postDataJSON()?.id_number === STUDENT.idNumber);
    await page.getByRole('button', { name: '查询' }).click();
    await searched;
    assert.equal(new URL(page.url()).searchParams.get('id_number'), null);
    const results = page.getByTestId('image-results');
    await results.waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="image-results"] tbody tr').length === 1);
    const rows = await tableRows(results);
    assert.deepEqual(rows[0], ['照片', '采集信息', '采集日期', '状态']);
    assert.equal(rows.length, 2, JSON.stringify(rows));
    assert.match(rows[1][1], new RegExp(`${STUDENT.school}.*${MISTYPED}.*${STUDENT.idNumber}`));
    assert.equal(rows[1][2], '2026-06-01');
    assert.match(rows[1][3], /未关联/);
    // The thumbnail is the real photo, fetched with the staff token.
    const thumbnail = results.getByRole('img', { name: `${MISTYPED}的采集照片` });
    await thumbnail.waitFor();
    assert.deepEqual(await thumbnail.evaluate((img) => [img.naturalWidth, img.naturalHeight]), [480, 640]);
    t.diagnostic(`screenshot: ${await screenshot(page, 'images-search-desktop')}`);
    await page.setViewportSize(PHONE);
    await assertFitsThePhone(page, '图像校对 with its results');
    t.diagnostic(`screenshot: ${await screenshot(page, 'images-search-mobile')}`);
    await page.setViewportSize(DESKTOP);

    // The record: the photo, the details, 更正采集信息 prefilled.
    await results.getByRole('link', { name: MISTYPED }).click();
    await page.waitForURL((url) => /^\/staff\/images\/[^/]+$/.test(url.pathname));
    const photo = page.getByTestId('record-photo');
    await photo.waitFor();
    assert.equal(await photo.getAttribute('alt'), `${MISTYPED}的采集照片`);
    await page.getByTestId('not-linked').waitFor();
    const form = page.getByRole('form', { name: '更正采集信息' });
    assert.equal(await form.getByLabel('学校名称', { exact: true }).inputValue(), STUDENT.school);
    assert.equal(await form.getByLabel('姓名', { exact: true }).inputValue(), MISTYPED);
    assert.equal(await form.getByLabel('身份证号', { exact: true }).inputValue(), STUDENT.idNumber);
    t.diagnostic(`screenshot: ${await screenshot(page, 'images-record-desktop')}`);

    await typeInto(page, '姓名', STUDENT.name);
    const fixed = page.waitForResponse((r) => r.url().includes('/api/v1/image-records/') && r.request().method() === 'PATCH');
    await form.getByRole('button', { name: '保存更正' }).click();
    const response = await fixed;
    assert.equal(response.status(), 200);
    assert.deepEqual(response.request().postDataJSON(), { name: STUDENT.name }, 'only the changed field is sent');
    const outcome = page.getByTestId('fix-outcome');
    await outcome.waitFor();
    assert.match(await outcome.innerText(), /已关联到学籍/);
    // The enrollment it links to is listed, with its page and the revocation of a duplicate.
    const enrollment = page.getByTestId('linked-enrollment');
    await enrollment.waitFor();
    const link = enrollment.getByRole('link', { name: new RegExp(`${STUDENT.name}（学号 ${STUDENT.studentNo}）`) });
    assert.match(await link.getAttribute('href'), /^\/staff\/enrollments\//);
    await enrollment.getByRole('button', { name: '注销重复学籍' }).waitFor();
    assert.match(await page.getByTestId('image-badges').first().innerText(), /已关联学籍/);
    t.diagnostic(`screenshot: ${await screenshot(page, 'images-record-linked-desktop')}`);
    await page.setViewportSize(PHONE);
    await assertFitsThePhone(page, 'the record page');
    t.diagnostic(`screenshot: ${await screenshot(page, 'images-record-mobile')}`);
    await page.setViewportSize(DESKTOP);

    // 已关联 now finds it; an ID number without any photo: contact the photo agency.
    await page.goto(`${base}/staff/images?linked=true`);
    await typeInto(page, '身份证号', STUDENT.idNumber);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByTestId('image-results').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="image-results"] tbody tr').length === 1);
    assert.equal(new URL(page.url()).search, '?linked=true', 'the ID number stays out of the address bar');
    assert.equal(await page.getByLabel('关联状态', { exact: true }).inputValue(), 'true');
    assert.match((await tableRows(page.getByTestId('image-results')))[1][3], /已关联学籍/);
    await page.goto(`${base}/staff/images`);
    await typeInto(page, '身份证号', WITHOUT_PHOTO);
    await page.getByRole('button', { name: '查询' }).click();
    const none = page.getByTestId('no-photo');
    await none.waitFor();
    assert.match(await none.innerText(), /没有找到这个学生的采集照片，请与图像采集部门联系/);
    t.diagnostic(`screenshot: ${await screenshot(page, 'images-no-photo-desktop')}`);
  });
});

test('a student’s report reaches 照片校对申请; the school fixes the photo and marks it 处理完成 (desktop)', { timeout: 120_000 }, async (t) => {
  // The demo photo of 买买提·艾力 (北京大学) was captured as 买买提艾力: the student reports it as theirs.
  const student = { name: '买买提·艾力', idNumber: '650199200409090799', captured: '买买提艾力' };
  const { email, password } = await registerStudent(server.base, student);
  const token = await apiLogin(server.base, { email, password });
  const { items: candidates } = await callApi(server.base, 'GET', '/api/v1/me/photo-candidates', { token });
  const candidate = candidates.find((item) => item.differs.includes('name'));
  assert.ok(candidate, `the demo photo is a candidate: ${JSON.stringify(candidates)}`);
  await callApi(server.base, 'POST', '/api/v1/me/collation-requests', {
    token,
    body: { kind: 'this_is_me', image_record_id: candidate.id, message: '采集时名字少了中间的点。' },
    expected: 201,
  });

  await withPage(t, async (page, base) => {
    await staffLogIn(page, base, SCHOOL);
    await page.getByTestId('staff-tools').getByRole('link', { name: '照片校对申请' }).click();
    await page.waitForURL((url) => url.pathname === '/staff/collation-requests');
    assert.equal(await page.getByRole('tab', { name: '待处理' }).getAttribute('aria-selected'), 'true');
    const queue = page.getByTestId('collation-requests');
    await queue.waitFor();
    const rows = await tableRows(queue);
    assert.deepEqual(rows[0], ['学生邮箱', '类型', '留言', '时间', '相关记录', '办理']);
    const row = page.getByTestId('collation-row').filter({ hasText: email });
    const cells = rows.find((cellsOfRow) => cellsOfRow[0] === email);
    assert.ok(cells, JSON.stringify(rows));
    assert.deepEqual(cells.slice(1, 3), ['这是我的照片', '采集时名字少了中间的点。']);
    t.diagnostic(`screenshot: ${await screenshot(page, 'images-queue-desktop')}`);
    await page.setViewportSize(PHONE);
    await assertFitsThePhone(page, '照片校对申请');
    t.diagnostic(`screenshot: ${await screenshot(page, 'images-queue-mobile')}`);
    await page.setViewportSize(DESKTOP);

    // 驳回 needs a note: said next to the field, nothing sent.
    await row.getByRole('button', { name: /^驳回/ }).click();
    await page.getByRole('button', { name: '确认驳回' }).click();
    assert.equal(await page.getByTestId('error-note').innerText(), '请写明原因。');
    await page.getByRole('button', { name: '取消' }).click();

    // The photo, from the report: fix the name → linked.
    await row.getByRole('link', { name: '采集照片' }).click();
    await page.waitForURL((url) => url.pathname === `/staff/images/${candidate.id}`);
    const form = page.getByRole('form', { name: '更正采集信息' });
    assert.equal(await form.getByLabel('姓名', { exact: true }).inputValue(), student.captured);
    await typeInto(page, '姓名', student.name);
    await form.getByRole('button', { name: '保存更正' }).click();
    assert.match(await page.getByTestId('fix-outcome').innerText(), /已关联到学籍/);

    // Back in the queue: 处理完成 with a note → it leaves 待处理, and 已处理 lists it with the note.
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/staff/collation-requests');
    await row.getByRole('button', { name: /^处理完成/ }).click();
    await typeInto(page, '处理说明（选填）', '已更正采集记录中的姓名，照片已关联到你的学籍。');
    const resolved = page.waitForResponse((r) => r.url().endsWith('/resolve'));
    await page.getByRole('button', { name: '确认处理完成' }).click();
    assert.equal((await resolved).status(), 200);
    assert.match(await page.getByTestId('collation-notice').innerText(), /已处理完成/);
    assert.equal(await row.count(), 0);
    await page.getByRole('tab', { name: '已处理' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'resolved');
    const done = page.getByTestId('collation-row').filter({ hasText: email });
    await done.waitFor();
    assert.match(await done.innerText(), /已更正采集记录中的姓名/);
  });
});
