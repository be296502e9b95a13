// Corrections of enrollment records in the browser (PRODUCT.md "When a student cannot find their
// records"), with the demo data and demo staff (APP_DEMO_DATA=true). A student registers (through
// the API) as 王晓明 with the ID number of the demo record 王小明 of 北京大学, so no record is found.
// At a desktop's size the school admin logs in on /login (工作人员登录, from the footer's
// 工作人员入口), finds the record in 在校生 (the filters stay in the URL), files 申请更正 of the
// name with a reason → 待审核; the provincial reviewer logs in, finds it in the queue, opens the
// diff (字段 | 原值 | 更正为) and approves it (dialog) → 已通过; the school sees 已通过 in its list; the
// student logs in through the UI and now finds the record. A second correction (the major) is
// left pending: the student's card shows 更正申请中. Stale approvals are covered by the API tests.
// Screenshots (1280×800 and 375×812): corrections-students-*.png, corrections-propose-*.png,
// corrections-diff-*.png, corrections-approve-dialog-desktop.png, corrections-school-list-desktop.png,
// corrections-student-found-mobile.png, corrections-student-pending-mobile.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { FAST, registerStudent } from './support/api.mjs';
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

/** @type {import('./support/server.mjs').Server | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;
/** The student's login details, registered before the tests. */
let student;
/** The change request of the name, once filed. */
let requestPath;

// Demo staff (dev only): the school admin of 北京大学 (10001) and the reviewer of 北京 (11).
const SCHOOL = { email: 'pku@xuexin.example', password: 'School2026' };
const REVIEWER = { email: 'beijing@xuexin.example', password: 'Review2026' };
// The demo record 王小明 of 北京大学; the student's account says 王晓明 (the ID card's name).
const RECORD = { name: '王小明', idNumber: '11019920050314011X', studentNo: '2301110001', major: '计算机科学与技术' };
const CORRECT_NAME = '王晓明';

const withPage = (t, body, options = {}) => withFreshPage(t, { browser, server, viewport: DESKTOP, ...options }, body);

before(async () => {
  if (!haveChromium) return;
  server = await startServer({ ...FAST, APP_DEMO_DATA: 'true' });
  try {
    student = await registerStudent(server.base, { name: CORRECT_NAME, idNumber: RECORD.idNumber });
  } catch (error) {
    printServerLog(server, 'registering the student failed');
    throw error;
  }
  assert.equal(student.recordsFound, false, 'the record carries another name: nothing is found yet');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
});

/** Staff log in on the one login page: 工作人员入口 (footer) → 工作人员登录 → 工作台. */
async function staffLogIn(page, base, { email, password }) {
  await page.goto(`${base}/`);
  await page.getByRole('contentinfo').getByRole('link', { name: '工作人员入口' }).click();
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('as') === 'staff');
  await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();
  assert.equal(await page.getByRole('tab', { name: '工作人员登录' }).getAttribute('aria-selected'), 'true');
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

test('the school finds the record in 在校生 and files a correction of the name (desktop)', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await staffLogIn(page, base, SCHOOL);
    assert.match(await page.getByTestId('staff-role').innerText(), /院校管理员/);

    // 在校生: search by the start of the name, 学籍状态 在籍; the status goes into the URL, the name
    // (personal data) never does.
    await page.goto(`${base}/staff/students`);
    await page.getByRole('heading', { level: 1, name: '在校生' }).waitFor();
    await typeInto(page, '关键词', '王');
    await page.getByLabel('学籍状态', { exact: true }).selectOption('在籍');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === '在籍');
    assert.equal(new URL(page.url()).searchParams.get('q'), null);
    const results = page.getByTestId('student-results');
    await results.waitFor();
    const rows = await tableRows(results);
    assert.deepEqual(rows[0], ['学号', '姓名', '身份证号', '层次', '专业', '学籍状态']);
    const row = rows.find((cells) => cells[1] === RECORD.name);
    assert.ok(row, `${RECORD.name} is found: ${JSON.stringify(rows)}`);
    assert.deepEqual(row.slice(0, 5), [RECORD.studentNo, RECORD.name, RECORD.idNumber, '本科', RECORD.major]);
    assert.match(row[5], /在籍/);
    assert.match(await page.getByTestId('pagination-summary').innerText(), /共 \d+ 条学籍记录/);
    // A reload keeps the filters, the name too (remembered by the tab; the form shows them).
    await page.reload();
    await results.waitFor();
    assert.equal(await page.getByLabel('关键词', { exact: true }).inputValue(), '王');
    assert.equal(await page.getByLabel('学籍状态', { exact: true }).inputValue(), '在籍');
    t.diagnostic(`screenshot: ${await screenshot(page, 'corrections-students-desktop')}`);
    await page.setViewportSize(PHONE);
    await assertFitsThePhone(page, '在校生 with its results');
    t.diagnostic(`screenshot: ${await screenshot(page, 'corrections-students-mobile')}`);
    await page.setViewportSize(DESKTOP);

    // The record; 申请更正 lists every field, prefilled; only the name is changed.
    await results.getByRole('link', { name: RECORD.name }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/staff/enrollments/'));
    await page.getByTestId('enrollment-record').waitFor();
    assert.equal(await page.getByTestId('record-name').innerText(), RECORD.name);
    assert.equal((await page.getByTestId('fact-id-number').innerText()).trim(), RECORD.idNumber);
    await page.getByTestId('no-history').waitFor();
    await page.getByRole('button', { name: '申请更正' }).click();
    const form = page.getByRole('form', { name: '申请更正' });
    await form.waitFor();
    for (const label of ['学号', '姓名', '身份证号', '性别', '出生日期', '民族', '专业', '层次', '学习形式', '入学日期', '预计毕业日期', '学籍状态']) {
      await form.getByLabel(label, { exact: true }).waitFor();
    }
    assert.equal(await form.getByLabel('专业', { exact: true }).inputValue(), RECORD.major);
    assert.equal(await form.getByLabel('出生日期', { exact: true }).inputValue(), '2005-03-14');

    // Without a reason nothing is sent; the message is next to the field.
    await typeInto(page, '姓名', CORRECT_NAME);
    assert.equal(await page.getByTestId('change-summary').innerText(), '将申请更正 1 项：姓名。');
    await form.getByRole('button', { name: '提交更正申请' }).click();
    assert.equal(await page.getByTestId('error-reason').innerText(), '请写明原因。');
    await typeInto(page, '更正原因', '学生身份证姓名为“王晓明”，入学时误录为“王小明”，依据身份证复印件更正。');
    t.diagnostic(`screenshot: ${await screenshot(page, 'corrections-propose-desktop')}`);
    const proposed = page.waitForResponse((r) => r.url().endsWith('/change-requests') && r.request().method() === 'POST');
    await form.getByRole('button', { name: '提交更正申请' }).click();
    const response = await proposed;
    assert.equal(response.status(), 201);
    assert.deepEqual(response.request().postDataJSON().changes, { name: CORRECT_NAME }, 'only the changed field is sent');

    // → pending: the notice links to the request; the record shows 更正申请中; the history lists it.
    const notice = page.getByTestId('record-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /已提交更正申请（1 项），等待省级教育部门审核/);
    await page.getByTestId('pending-change-request').waitFor();
    await page.getByTestId('enrollment-record').getByTestId('correction-pending').waitFor();
    const history = page.getByTestId('change-request-history');
    await history.getByTestId('change-request-row').waitFor();
    assert.match(await history.getByTestId('change-summary').innerText(), /姓名：王小明 → 王晓明/);
    assert.match(await history.getByTestId('change-request-status').innerText(), /待审核/);
    await notice.getByRole('link', { name: '查看更正申请' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/staff/change-requests/'));
    requestPath = new URL(page.url()).pathname;
    await page.getByTestId('change-diff').waitFor();
    // The school can withdraw its pending request (not approve it).
    await page.getByRole('button', { name: '撤回申请' }).waitFor();
    assert.equal(await page.getByRole('button', { name: '通过' }).count(), 0);
  });
});

test('the provincial reviewer finds it in the queue, reads the diff and approves it (desktop)', { timeout: 120_000 }, async (t) => {
  assert.ok(requestPath, 'the previous test filed the request');
  await withPage(t, async (page, base) => {
    await staffLogIn(page, base, REVIEWER);
    assert.match(await page.getByTestId('staff-role').innerText(), /省级审核员/);

    // The queue (待审核 by default, oldest first).
    await page.goto(`${base}/staff/change-requests`);
    await page.getByRole('heading', { level: 1, name: '更正申请' }).waitFor();
    assert.equal(await page.getByRole('navigation', { name: '按状态筛选' }).getByRole('link', { name: '待审核' }).getAttribute('aria-current'), 'page');
    const queue = page.getByTestId('change-requests');
    await queue.waitFor();
    const rows = await tableRows(queue);
    assert.deepEqual(rows[0], ['学校', '学号', '姓名', '更正内容', '状态', '提交时间']);
    const row = rows.find((cells) => cells[1] === RECORD.studentNo);
    assert.ok(row, `the request is in the queue: ${JSON.stringify(rows)}`);
    assert.deepEqual(row.slice(0, 4), ['北京大学', RECORD.studentNo, `${RECORD.name}的更正申请`, '姓名：王小明 → 王晓明']);
    assert.match(row[4], /待审核/);

    // The diff: 字段 | 原值 | 更正为, the changed character marked (struck through / underlined).
    await queue.getByRole('link', { name: new RegExp(RECORD.name) }).click();
    await page.waitForURL((url) => url.pathname === requestPath);
    const diff = page.getByTestId('change-diff');
    await diff.waitFor();
    assert.deepEqual(await tableRows(diff), [
      ['字段', '原值', '更正为'],
      ['姓名', RECORD.name, CORRECT_NAME],
    ]);
    assert.equal(await diff.locator('del').innerText(), '小');
    assert.equal(await diff.locator('ins').innerText(), '晓');
    assert.match(await page.getByTestId('request-reason').innerText(), /依据身份证复印件更正/);
    assert.equal(await page.getByTestId('requested-by').innerText(), SCHOOL.email);
    t.diagnostic(`screenshot: ${await screenshot(page, 'corrections-diff-desktop')}`);
    await page.setViewportSize(PHONE);
    await assertFitsThePhone(page, 'the diff page');
    t.diagnostic(`screenshot: ${await screenshot(page, 'corrections-diff-mobile')}`);
    await page.setViewportSize(DESKTOP);

    // 驳回 needs a reason (nothing sent without it); 通过 asks first.
    await page.getByRole('button', { name: '驳回' }).click();
    assert.equal(await page.getByTestId('error-reason').innerText(), '请写明原因。');
    await page.getByRole('button', { name: '通过', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '通过这份更正申请？' });
    await dialog.waitFor();
    t.diagnostic(`screenshot: ${await screenshot(page, 'corrections-approve-dialog-desktop', { fullPage: false })}`);
    const approved = page.waitForResponse((r) => r.url().endsWith('/approve'));
    await dialog.getByRole('button', { name: '通过' }).click();
    assert.equal((await approved).status(), 200);
    await page.getByTestId('request-notice').getByText('已通过，学籍已按申请更正。').waitFor();
    assert.match(await page.getByTestId('change-request').getByTestId('change-request-status').innerText(), /已通过/);
    assert.equal(await page.getByTestId('decided-by').innerText(), REVIEWER.email);
    assert.equal(await page.getByRole('button', { name: '通过', exact: true }).count(), 0, 'decided: no more buttons');

    // The queue is empty now; the record reads the new name (read-only for the reviewer).
    await page.getByRole('link', { name: '← 更正申请' }).click();
    await page.getByTestId('no-change-requests').waitFor();
    await page.goto(`${base}${requestPath}`);
    await page.getByRole('link', { name: '查看这条学籍' }).click();
    await page.getByTestId('enrollment-record').waitFor();
    assert.equal(await page.getByTestId('record-name').innerText(), CORRECT_NAME);
    await page.getByTestId('read-only-note').waitFor();
    assert.equal(await page.getByRole('button', { name: '申请更正' }).count(), 0);
  });
});

test('the school sees 已通过, and the student now finds the record (desktop, then phone)', { timeout: 120_000 }, async (t) => {
  assert.ok(requestPath, 'the request was filed and decided');
  await withPage(t, async (page, base) => {
    await staffLogIn(page, base, SCHOOL);
    await page.goto(`${base}/staff/change-requests`);
    // A school admin sees all of its requests by default, newest first, with their outcome.
    assert.equal(await page.getByRole('navigation', { name: '按状态筛选' }).getByRole('link', { name: '全部' }).getAttribute('aria-current'), 'page');
    const row = page.getByTestId('change-request-row').filter({ hasText: RECORD.studentNo });
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'approved');
    assert.match(await row.getByTestId('change-request-status').innerText(), /已通过/);
    t.diagnostic(`screenshot: ${await screenshot(page, 'corrections-school-list-desktop')}`);
  });

  await withPage(
    t,
    async (page, base) => {
      await page.goto(`${base}/`);
      await logIn(page, student.email, student.password);
      await page.waitForURL((url) => url.pathname === '/me');
      await page.goto(`${base}/me/enrollments`);
      const card = page.getByTestId('enrollment-card');
      await card.waitFor();
      assert.match(await card.getByRole('heading', { level: 2 }).innerText(), /北京大学/);
      assert.equal((await card.getByTestId('fact-name').innerText()).trim(), CORRECT_NAME);
      assert.equal(await card.getByTestId('correction-pending').count(), 0);
      await assertFitsThePhone(page, '/me/enrollments');
      t.diagnostic(`screenshot: ${await screenshot(page, 'corrections-student-found-mobile')}`);
    },
    { viewport: PHONE },
  );
});

test('while a correction is pending the student sees 更正申请中 on the record (phone)', { timeout: 120_000 }, async (t) => {
  assert.ok(requestPath, 'the name was corrected first');
  await withPage(
    t,
    async (page, base) => {
      // The school files a second correction (the major) on a phone and leaves it pending.
      await staffLogIn(page, base, SCHOOL);
      await page.goto(`${base}/staff/students`);
      await typeInto(page, '关键词', RECORD.idNumber);
      await page.getByRole('button', { name: '查询' }).click();
      await page.getByTestId('student-results').getByRole('link', { name: CORRECT_NAME }).click();
      await page.getByTestId('enrollment-record').waitFor();
      await page.getByRole('button', { name: '申请更正' }).click();
      await typeInto(page, '专业', '软件工程');
      await typeInto(page, '更正原因', '学生已于 2024 年转入软件工程专业，依据学校转专业批文更正。');
      await assertFitsThePhone(page, 'the 申请更正 form');
      t.diagnostic(`screenshot: ${await screenshot(page, 'corrections-propose-mobile')}`);
      await page.getByRole('button', { name: '提交更正申请' }).click();
      await page.getByTestId('record-notice').waitFor();
      // 申请更正 is not offered again while one is pending.
      await page.getByTestId('change-blocked').waitFor();
      assert.equal(await page.getByRole('button', { name: '申请更正' }).count(), 0);
    },
    { viewport: PHONE },
  );

  await withPage(
    t,
    async (page, base) => {
      await page.goto(`${base}/`);
      await logIn(page, student.email, student.password);
      await page.waitForURL((url) => url.pathname === '/me');
      await page.goto(`${base}/me/enrollments`);
      const card = page.getByTestId('enrollment-card');
      await card.getByTestId('correction-pending').waitFor();
      assert.equal(await card.getByTestId('correction-pending').innerText(), '更正申请中');
      assert.equal(await card.getByTestId('correction-pending-note').innerText(), '更正申请中：学校已提交更正，等待省级教育部门审核。');
      // Until it is approved the record shows the old major.
      assert.match(await card.innerText(), new RegExp(RECORD.major));
      await assertFitsThePhone(page, '/me/enrollments with 更正申请中');
      t.diagnostic(`screenshot: ${await screenshot(page, 'corrections-student-pending-mobile')}`);
    },
    { viewport: PHONE },
  );
});
