// The support desk and the audit log in the browser. With the demo data (APP_DEMO_DATA=true), a
// student registers through the API as 王晓明 with the ID number of the demo identity 王小明
// (11019920050314011X, 北京大学 本科 在籍), so no record carries the account's name and
// 学籍信息 stays empty. At a desktop's size the demo support agent logs in (工作人员登录), opens
// 客服工作台 from 工作台, finds the account by ID number (无记录), opens it and corrects the name
// to 王小明 with a reason: the notice says records are found now. The student then logs in
// through the UI and reads the 北京大学 record on /me/enrollments. Finally the demo platform admin
// opens 审计日志 from 工作台, filters the action account.identity_corrected and expands the
// event: 王晓明 → 王小明, with the reason. The account page and the audit page fit a phone. Last,
// the admin creates a school admin in 工作人员账号 (an unknown 院校代码 first) and disables it after
// a confirmation. Screenshots: support-search-desktop.png, support-account-desktop.png,
// support-account-mobile.png, support-corrected-desktop.png, support-student-enrollments-mobile.png,
// audit-desktop.png, audit-mobile.png, staff-accounts-desktop.png, staff-accounts-mobile.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { apiLogin, callApi, FAST, registerStudent } from './support/api.mjs';
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

// The demo identity 王小明 of 北京大学 (backend demo data), registered with a wrong first name.
const RECORD = { name: '王小明', idNumber: '11019920050314011X', school: '北京大学' };
const TYPED = { name: '王晓明', idNumber: RECORD.idNumber };
const REASON = '学生来电，核对身份证照片：注册时姓名误填为“王晓明”。';
// The demo staff (backend/src/demo).
const SUPPORT = { email: 'support@xuexin.example', password: 'Support2026' };
const ADMIN = { email: 'admin@xuexin.example', password: 'Platform2026' };
const NEW_STAFF = { email: 'pku.second@xuexin.example', password: 'School2026ok' };

// Chromium logs 4xx answers to fetch() as console errors: the unknown 院校代码 is refused with a 422.
const EXPECTED_422 = [/Failed to load resource: the server responded with a status of 422/];

const withPage = (t, body, options = {}) => withFreshPage(t, { browser, server, viewport: DESKTOP, ...options }, body);

before(async () => {
  if (!haveChromium) return;
  server = await startServer({ ...FAST, APP_DEMO_DATA: 'true' });
  try {
    student = await registerStudent(server.base, TYPED);
    const enrollments = await callApi(server.base, 'GET', '/api/v1/me/enrollments', { token: await apiLogin(server.base, student) });
    assert.equal(student.recordsFound, false, 'no record carries 王晓明');
    assert.deepEqual(enrollments.items ?? enrollments, [], 'the student sees no enrollment before the correction');
  } catch (error) {
    printServerLog(server, 'registering the student failed');
    throw error;
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
});

/** Logs a staff member in on the staff login (the old address redirects to 工作人员登录) and waits for 工作台. */
async function staffLogIn(page, base, { email, password }) {
  await page.goto(`${base}/staff/login`);
  await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();
  await typeInto(page, '电子邮箱', email);
  await typeInto(page, '密码', password);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/staff');
  await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
  await page.getByTestId('staff-tools').waitFor();
}

test('support corrects a mistyped name and the student finds the record (desktop)', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await staffLogIn(page, base, SUPPORT);
    assert.equal(await page.getByTestId('staff-role').textContent(), '客服');
    const tools = page.getByTestId('staff-tools');
    assert.deepEqual(await tools.getByRole('link').allTextContents(), ['客服工作台']);
    await tools.getByRole('link', { name: '客服工作台' }).click();
    await page.getByRole('heading', { level: 1, name: '客服工作台' }).waitFor();

    // Find the account by ID number (the x typed in lower case): one row, 王晓明, 无记录.
    await typeInto(page, '身份证号', RECORD.idNumber.toLowerCase());
    await page.keyboard.press('Enter');
    const results = page.getByTestId('support-results');
    await results.waitFor();
    assert.equal(new URL(page.url()).search, '', 'the ID number stays out of the address bar');
    const rows = results.locator('tbody tr');
    assert.equal(await rows.count(), 1);
    const cells = await rows.first().locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(0, 4).map((c) => c.trim()), [student.email, TYPED.name, RECORD.idNumber, student.phone]);
    assert.match(cells[4], /正常/);
    assert.equal(cells[5].trim(), '无记录');
    t.diagnostic(`screenshot: ${await screenshot(page, 'support-search-desktop')}`);

    // The account page.
    await rows.first().getByRole('link', { name: student.email }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/staff/support/accounts/'));
    await page.getByTestId('account-email').waitFor();
    assert.equal(await page.getByTestId('account-name').textContent(), TYPED.name);
    assert.match(await page.getByTestId('account-records').innerText(), /无记录/);
    assert.equal(await page.getByTestId('account-lock').textContent(), '未锁定');
    // Not locked, registration complete: neither 解除锁定 nor 重发激活邮件 is offered.
    assert.equal(await page.getByTestId('unlock-account').count(), 0);
    assert.equal(await page.getByTestId('resend-activation').count(), 0);
    t.diagnostic(`screenshot: ${await screenshot(page, 'support-account-desktop')}`);
    await page.setViewportSize(PHONE);
    await assertFitsThePhone(page, 'the support account page');
    t.diagnostic(`screenshot: ${await screenshot(page, 'support-account-mobile')}`);
    await page.setViewportSize(DESKTOP);

    // 更正身份信息: the reason is required; then the name of the record.
    const form = page.getByRole('form', { name: '更正身份信息' });
    await form.getByRole('button', { name: '更正身份信息' }).click();
    assert.equal(await form.getByTestId('error-reason').textContent(), '请写明原因。');
    await typeInto(page, '姓名', RECORD.name);
    await typeInto(page, '原因', REASON);
    await form.getByRole('button', { name: '更正身份信息' }).click();
    const notice = page.getByTestId('support-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /身份信息已更正，已找到学籍\/学历记录/);
    assert.equal(await page.getByTestId('account-name').textContent(), RECORD.name);
    assert.match(await page.getByTestId('account-records').innerText(), /有记录/);
    assert.equal(await page.getByLabel('原因', { exact: true }).inputValue(), '');
    t.diagnostic(`screenshot: ${await screenshot(page, 'support-corrected-desktop')}`);

    // Back to the results: the same search, now 有记录.
    await page.getByRole('link', { name: '← 返回查找结果' }).click();
    await results.waitFor();
    assert.equal((await rows.first().locator('td').nth(5).innerText()).trim(), '有记录');
  });

  // The student logs in through the UI (a fresh context) and reads the record.
  await withPage(
    t,
    async (page, base) => {
      await page.goto(`${base}/`);
      await logIn(page, student.email, student.password);
      await page.waitForURL((url) => url.pathname === '/me');
      await page.getByRole('navigation', { name: '我的服务' }).getByRole('link', { name: '学籍信息' }).click();
      await page.waitForURL((url) => url.pathname === '/me/enrollments');
      const cards = page.getByTestId('enrollment-card');
      await cards.first().waitFor();
      assert.equal(await cards.count(), 1);
      assert.match(await cards.first().innerText(), new RegExp(RECORD.school));
      assert.match(await cards.first().innerText(), new RegExp(RECORD.name));
      t.diagnostic(`screenshot: ${await screenshot(page, 'support-student-enrollments-mobile')}`);
    },
    { viewport: PHONE },
  );
});

test('the platform admin reads the correction in the audit log (desktop and phone)', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await staffLogIn(page, base, ADMIN);
    const tools = page.getByTestId('staff-tools');
    assert.deepEqual(await tools.getByRole('link').allTextContents(), ['数据导入', '工作人员账号', '审计日志']);
    await tools.getByRole('link', { name: '审计日志' }).click();
    await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
    assert.match(await page.getByTestId('audit-chain-note').innerText(), /xuexin audit verify/);
    await page.getByTestId('audit-events').waitFor();

    await typeInto(page, '操作', 'account.identity_corrected');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'account.identity_corrected');
    const events = page.getByTestId('audit-event');
    await page.getByTestId('pagination-summary').filter({ hasText: '共 1 条记录' }).waitFor();
    assert.equal(await events.count(), 1);
    const cells = await events.first().locator('td').allInnerTexts();
    assert.equal(cells[1].trim(), '客服');
    assert.match(cells[2], /更正身份信息/);
    assert.match(cells[2], /account\.identity_corrected/);
    assert.match(cells[3], /学生账号/);
    assert.equal(cells[4].trim(), REASON);

    // 详情: the before/after diff, the changed name marked.
    const toggle = events.first().locator('button[aria-expanded]');
    assert.match(await toggle.innerText(), /^详情/);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.match(await toggle.innerText(), /^收起/);
    const diff = page.getByTestId('audit-diff');
    await diff.waitFor();
    const nameRow = diff.locator('tbody tr').filter({ hasText: 'name' }).first();
    assert.equal(await nameRow.getAttribute('data-changed'), 'true');
    assert.deepEqual((await nameRow.locator('td').allInnerTexts()).map((c) => c.trim()), [TYPED.name, RECORD.name]);
    const idRow = diff.locator('tbody tr').filter({ hasText: 'id_number' }).first();
    assert.equal(await idRow.getAttribute('data-changed'), null);
    t.diagnostic(`screenshot: ${await screenshot(page, 'audit-desktop')}`);

    // A reload keeps the filter (it is in the URL).
    await page.reload();
    await page.getByTestId('audit-event').first().waitFor();
    assert.equal(await page.getByLabel('操作', { exact: true }).inputValue(), 'account.identity_corrected');

    await page.setViewportSize(PHONE);
    await page.getByTestId('audit-event').first().getByRole('button', { name: /^详情/ }).click();
    await page.getByTestId('audit-diff').waitFor();
    await assertFitsThePhone(page, 'the audit page with an expanded event');
    t.diagnostic(`screenshot: ${await screenshot(page, 'audit-mobile')}`);
  });
});

test('the platform admin creates a school admin and disables it (desktop and phone)', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await staffLogIn(page, base, ADMIN);
    await page.getByTestId('staff-tools').getByRole('link', { name: '工作人员账号' }).click();
    await page.getByRole('heading', { level: 1, name: '工作人员账号' }).waitFor();
    await page.getByTestId('staff-accounts-table').waitFor();

    // 院校代码 appears for 院校管理员 only; an unknown school is refused next to it.
    const form = page.getByRole('form', { name: '新建工作人员账号' });
    assert.equal(await form.getByLabel('院校代码').count(), 0);
    await typeInto(page, '邮箱', NEW_STAFF.email);
    await typeInto(page, '初始密码', NEW_STAFF.password);
    await form.getByLabel('角色').selectOption('school_admin');
    await typeInto(page, '院校代码', '99999');
    await form.getByRole('button', { name: '创建账号' }).click();
    await form.getByTestId('error-school_code').filter({ hasText: '99999' }).waitFor();
    await typeInto(page, '院校代码', '10001');
    await form.getByRole('button', { name: '创建账号' }).click();
    const notice = page.getByTestId('staff-accounts-notice');
    await notice.filter({ hasText: NEW_STAFF.email }).waitFor();
    const row = page.locator(`[data-testid="staff-row"][data-email="${NEW_STAFF.email}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /院校管理员（院校代码 10001）/);
    // The admin's own row has no 停用.
    assert.equal(await page.locator(`[data-testid="staff-row"][data-email="${ADMIN.email}"]`).getByRole('button', { name: /停用|启用/ }).count(), 0);

    // 停用 after a confirmation (Esc first: nothing changes).
    await row.getByRole('button', { name: `停用 ${NEW_STAFF.email}` }).click();
    const dialog = page.getByRole('dialog', { name: '停用这个账号？' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await row.getByTestId('staff-status').textContent(), '正常');
    await row.getByRole('button', { name: `停用 ${NEW_STAFF.email}` }).click();
    await dialog.getByLabel('停用原因').fill('测试账号，不再使用。');
    await dialog.getByRole('button', { name: '停用' }).click();
    await notice.filter({ hasText: `已停用 ${NEW_STAFF.email}` }).waitFor();
    assert.equal(await row.getByTestId('staff-status').textContent(), '已停用');
    t.diagnostic(`screenshot: ${await screenshot(page, 'staff-accounts-desktop')}`);

    // The disabled account cannot log in (checked through the API).
    const refused = await fetch(`${base}/api/v1/staff/sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(NEW_STAFF),
    });
    assert.equal(refused.status, 401);

    // Filtered by role, on a phone.
    await page.getByLabel('按角色筛选').selectOption('school_admin');
    await page.waitForURL((url) => url.searchParams.get('role') === 'school_admin');
    await page.setViewportSize(PHONE);
    await assertFitsThePhone(page, 'the staff accounts page');
    t.diagnostic(`screenshot: ${await screenshot(page, 'staff-accounts-mobile')}`);
  }, { allowConsole: EXPECTED_422 });
});
