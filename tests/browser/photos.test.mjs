// The student's side of photos (PRODUCT.md "Photos: image collation", 图像校对), with the demo
// data and demo staff (APP_DEMO_DATA=true). A student registers (through the API) as 王小明 with
// the ID number of the demo record of 北京大学; the photo agency uploads (through the API) a batch
// whose one photo — a real 480×640 JPEG drawn by Chromium (support/photo.mjs), zipped by
// support/zip.mjs — was captured with the name mistyped as 王晓明, so it links to no record.
// At 375×812 the student follows 个人中心's 图像校对 to the 学籍 page (#photos): the card says
// 暂无照片 → "没照片，找找看？" → the dialog shows the photo (姓名 masked, "与你的学籍不同：姓名",
// its thumbnail) → 这是我 → the school will check it in 图像校对; the report is listed 处理中.
// The school admin (pku@…) fixes the captured name in its 图像校对 pages (desktop); the student
// reloads and sees the photo on the card (loaded: naturalWidth > 0), 正确 acknowledges it, 有误
// is refused with the server's message while the report is open (409). 张伟 (demo, no photo
// anywhere) gets the empty state and tells the school.
// Screenshots: photos-no-photo-mobile.png, photos-find-dialog-mobile.png, photos-filed-mobile.png,
// photos-card-photo-mobile.png, photos-enrollments-desktop.png, photos-no-candidates-mobile.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { callApi, FAST, registerStudent } from './support/api.mjs';
import { makePhoto } from './support/photo.mjs';
import {
  DESKTOP,
  haveChromium,
  launchBrowser,
  PHONE,
  printServerLog,
  screenshot,
  startServer,
  stopServer,
  withPage as withFreshPage,
} from './support/server.mjs';
import { assertFitsThePhone, logIn, typeInto } from './support/ui.mjs';
import { zipStored } from './support/zip.mjs';

/** @type {import('./support/server.mjs').Server | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;
/** Login details of the students, registered before the tests. */
let student;
let zhangWei;

// Demo staff (dev only): the photo agency, and the school admin of 北京大学 (10001).
const OPERATOR = { email: 'photo@xuexin.example', password: 'Photo2026' };
const SCHOOL = { email: 'pku@xuexin.example', password: 'School2026' };
// The demo record 王小明 of 北京大学; the photo agency typed 王晓明.
const RECORD = { school: '北京大学', name: '王小明', idNumber: '11019920050314011X' };
const MISTYPED = '王晓明';
const CAPTURED_ON = '2026-06-01';
// 张伟 (demo, 四川大学 and 深圳职业技术大学): no photo of him was collected.
const ZHANG_WEI = { name: '张伟', idNumber: '510199200211300331' };
// Chromium logs 4xx answers to fetch() as console errors: 有误 while a report is open is a 409.
const EXPECTED_HTTP_ERRORS = [/Failed to load resource: the server responded with a status of 409/];

const withPage = (t, body, options = {}) =>
  withFreshPage(t, { browser, server, viewport: PHONE, allowConsole: EXPECTED_HTTP_ERRORS, ...options }, body);

/** The photo agency uploads `photo` with its manifest line, through the API (the ZIP itself). */
async function uploadBatch(base, photo) {
  const { access_token: token } = await callApi(base, 'POST', '/api/v1/staff/sessions', { body: OPERATOR });
  const manifest = `file,school_name,name,id_number,captured_on\n0001.jpg,${RECORD.school},${MISTYPED},${RECORD.idNumber},${CAPTURED_ON}\n`;
  const zip = zipStored([
    { name: 'manifest.csv', data: Buffer.from(manifest, 'utf8') },
    { name: '0001.jpg', data: photo },
  ]);
  const response = await fetch(`${base}/api/v1/image-batches`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/zip', Authorization: `Bearer ${token}` },
    body: zip,
  });
  const text = await response.text();
  assert.equal(response.status, 201, `POST /api/v1/image-batches: ${text}`);
  const report = JSON.parse(text);
  assert.equal(report.accepted, 1, `the photo is stored: ${text}`);
}

before(async () => {
  if (!haveChromium) return;
  server = await startServer({ ...FAST, APP_DEMO_DATA: 'true' });
  browser = await launchBrowser();
  try {
    [student, zhangWei] = await Promise.all([
      registerStudent(server.base, { name: RECORD.name, idNumber: RECORD.idNumber }),
      registerStudent(server.base, ZHANG_WEI),
    ]);
    const photo = await makePhoto(browser, { width: 480, height: 640, label: '0001' });
    assert.equal(photo.readUInt16BE(0), 0xffd8, 'a JPEG');
    await uploadBatch(server.base, photo);
  } catch (error) {
    printServerLog(server, 'setting up the student and the photo failed');
    throw error;
  }
  assert.equal(student.recordsFound, true, '王小明 has a record in the demo data');
});

after(async () => {
  await browser?.close();
  await stopServer(server);
});

/** Logs in through the UI and waits for 个人中心. */
async function logInAs(page, base, who) {
  await page.goto(`${base}/`);
  await logIn(page, who.email, who.password);
  await page.waitForURL((url) => url.pathname === '/me');
  await page.getByRole('heading', { level: 1, name: '个人中心' }).waitFor();
}

/** The 学籍 card of `school`. */
const cardOf = (page, school) => page.getByTestId('enrollment-card').filter({ hasText: school });

test('没照片，找找看: the student finds the photo captured with a mistyped name and says 这是我 (phone)', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await logInAs(page, base, student);

    // 个人中心 → 图像校对: the 学籍 page, at its photos (the section is scrolled into view).
    await page.getByRole('navigation', { name: '我的服务' }).getByRole('link', { name: /图像校对/ }).click();
    await page.waitForURL((url) => url.pathname === '/me/enrollments' && url.hash === '#photos');
    const section = page.getByTestId('photo-collation');
    await section.getByTestId('no-collation-requests').waitFor();
    assert.ok(await section.evaluate((element) => element.getBoundingClientRect().top < window.innerHeight), 'the section is in view');

    const card = cardOf(page, RECORD.school);
    assert.equal(await card.getByTestId('no-photo').innerText(), '暂无照片');
    assert.equal(await card.getByRole('img').count(), 0);
    await card.scrollIntoViewIfNeeded();
    await assertFitsThePhone(page, '/me/enrollments without a photo');
    t.diagnostic(`screenshot: ${await screenshot(page, 'photos-no-photo-mobile')}`);

    // The dialog: Esc closes it (focus back on the button), then again.
    const find = card.getByRole('button', { name: '没照片，找找看？' });
    await find.click();
    const dialog = page.getByRole('dialog', { name: '找找看：可能是你的照片' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await find.evaluate((button) => button === document.activeElement), true, 'focus is back on 没照片，找找看？');
    await page.keyboard.press('Enter');
    await dialog.waitFor();

    // The candidate: captured at 北京大学 with his ID number; the name differs, so it comes masked.
    const candidate = dialog.getByTestId('photo-candidate');
    await candidate.waitFor();
    assert.equal(await dialog.getByTestId('photo-candidate').count(), 1);
    assert.equal(await candidate.getByTestId('candidate-captured-on').innerText(), '2026年6月1日');
    assert.equal(await candidate.getByTestId('candidate-school').innerText(), RECORD.school);
    // (The marker after it is for screen readers, and part of innerText.)
    const name = (await candidate.getByTestId('candidate-name').innerText()).trim();
    assert.match(name, /^王\*+\s*（与你的学籍不同）$/, `the differing name is masked: ${name}`);
    assert.equal((await candidate.getByTestId('candidate-id-number').innerText()).trim(), RECORD.idNumber);
    assert.equal(await candidate.getByTestId('candidate-differs').innerText(), '与你的学籍不同：姓名');
    const thumbnail = candidate.getByRole('img', { name: '2026年6月1日采集的照片' });
    await thumbnail.waitFor();
    await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumbnail.elementHandle());
    assert.match(await thumbnail.getAttribute('src'), /^blob:/);
    await assertFitsThePhone(page, 'the 找找看 dialog');
    t.diagnostic(`screenshot: ${await screenshot(page, 'photos-find-dialog-mobile', { fullPage: false })}`);

    // 这是我 → filed (this_is_me, the photo and the card's record); every button is spent.
    const filed = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/collation-requests') && r.request().method() === 'POST');
    await candidate.getByRole('button', { name: /这是我/ }).click();
    const response = await filed;
    assert.equal(response.status(), 201);
    // (The request's body is a stream, so Playwright does not see it: the answer repeats it.)
    const report = await response.json();
    assert.equal(report.kind, 'this_is_me');
    assert.equal(report.status, 'open');
    assert.ok(report.image_record_id && report.enrollment_id, JSON.stringify(report));
    const notice = dialog.getByTestId('photo-report-filed');
    await notice.waitFor();
    assert.match(await notice.innerText(), /学校会在“图像校对”模块中核查/);
    assert.equal(await candidate.getByRole('button', { name: /已提交/ }).getAttribute('aria-disabled'), 'true');
    assert.equal(await dialog.getByRole('button', { name: '都不是我' }).getAttribute('aria-disabled'), 'true');
    t.diagnostic(`screenshot: ${await screenshot(page, 'photos-filed-mobile', { fullPage: false })}`);

    // Closed: the card says a report is open; 我的照片校对申请 lists it 处理中.
    await dialog.getByRole('button', { name: '关闭' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.match(await card.getByTestId('photo-report-open').innerText(), /处理中/);
    const request = section.getByTestId('collation-request');
    await request.waitFor();
    assert.match(await request.innerText(), /找到了我的照片/);
    assert.equal((await request.getByTestId('collation-status').innerText()).replace('状态：', '').trim(), '处理中');
  });
});

test('the school fixes the captured name in 图像校对 (desktop)', { timeout: 120_000 }, async (t) => {
  await withPage(
    t,
    async (page, base) => {
      await page.goto(`${base}/login?as=staff`);
      await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();
      await typeInto(page, '电子邮箱', SCHOOL.email);
      await typeInto(page, '密码', SCHOOL.password);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === '/staff');
      await page.getByTestId('staff-tools').getByRole('link', { name: '图像校对' }).click();
      await page.waitForURL((url) => url.pathname === '/staff/images');

      await typeInto(page, '身份证号', RECORD.idNumber);
      await page.getByRole('button', { name: '查询' }).click();
      const results = page.getByTestId('image-results');
      await results.waitFor();
      await results.getByRole('link', { name: MISTYPED }).click();
      await page.waitForURL((url) => /^\/staff\/images\/[^/]+$/.test(url.pathname));
      const form = page.getByRole('form', { name: '更正采集信息' });
      await form.waitFor();
      await typeInto(page, '姓名', RECORD.name);
      const fixed = page.waitForResponse((r) => r.url().includes('/api/v1/image-records/') && r.request().method() === 'PATCH');
      await form.getByRole('button', { name: '保存更正' }).click();
      assert.equal((await fixed).status(), 200);
      assert.match(await page.getByTestId('fix-outcome').innerText(), /已关联到学籍/);
    },
    { viewport: DESKTOP },
  );
});

test('the student reloads and proofreads the photo on the card (phone, then desktop)', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await logInAs(page, base, student);
    await page.goto(`${base}/me/enrollments`);
    const card = cardOf(page, RECORD.school);
    await card.waitFor();
    const photo = card.getByRole('img', { name: `${RECORD.name}的学籍照片` });
    await photo.waitFor();
    await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await photo.elementHandle());
    assert.deepEqual(await photo.evaluate((img) => [img.naturalWidth, img.naturalHeight]), [480, 640]);
    assert.match(await photo.getAttribute('src'), /^blob:/);
    assert.equal(await card.getByTestId('no-photo').count(), 0);
    assert.equal(await card.getByRole('button', { name: '没照片，找找看？' }).count(), 0);

    // 有误 while the report is open: refused, with the server's words.
    await card.getByRole('button', { name: '有误' }).click();
    const dialog = page.getByRole('dialog', { name: '照片不是你本人？' });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('补充说明（选填）').evaluate((input) => input === document.activeElement), true);
    await page.keyboard.type('照片上不是我。');
    await dialog.getByRole('button', { name: '告诉学校' }).click();
    const refused = dialog.getByRole('alert');
    await refused.waitFor();
    assert.match(await refused.innerText(), /已就这条学籍提交过校对申请/);
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });

    // 正确: acknowledged here.
    await card.getByRole('button', { name: '正确' }).click();
    assert.match(await card.getByTestId('photo-confirmed').innerText(), /已确认照片无误/);
    await card.scrollIntoViewIfNeeded();
    await assertFitsThePhone(page, '/me/enrollments with the photo');
    t.diagnostic(`screenshot: ${await screenshot(page, 'photos-card-photo-mobile')}`);

    await page.setViewportSize(DESKTOP);
    await page.waitForFunction((img) => img.getBoundingClientRect().width >= 150, await photo.elementHandle());
    t.diagnostic(`screenshot: ${await screenshot(page, 'photos-enrollments-desktop')}`);
  });
});

test('张伟 has no candidate: the dialog says whom to contact, and 告诉学校 files none_of_these (phone)', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await logInAs(page, base, zhangWei);
    await page.goto(`${base}/me/enrollments`);
    const card = page.getByTestId('enrollment-card').first();
    await card.waitFor();
    await card.getByRole('button', { name: '没照片，找找看？' }).click();
    const dialog = page.getByRole('dialog', { name: '找找看：可能是你的照片' });
    const empty = dialog.getByTestId('no-candidates');
    await empty.waitFor();
    assert.match(await empty.innerText(), /没有找到可能属于你的照片/);
    assert.match(await empty.innerText(), /请与学校或图像采集部门联系/);
    await assertFitsThePhone(page, 'the 找找看 dialog without candidates');
    t.diagnostic(`screenshot: ${await screenshot(page, 'photos-no-candidates-mobile', { fullPage: false })}`);

    const filed = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/collation-requests') && r.request().method() === 'POST');
    await dialog.getByRole('button', { name: '告诉学校' }).click();
    const response = await filed;
    assert.equal(response.status(), 201);
    assert.equal((await response.json()).kind, 'none_of_these');
    await dialog.getByTestId('photo-report-filed').waitFor();
    assert.equal(await dialog.getByRole('button', { name: '已提交' }).getAttribute('aria-disabled'), 'true');
  });
});
