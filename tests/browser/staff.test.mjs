// Staff in the browser, at a desktop's size: a platform admin (created with the command line,
// `xuexin staff create`, against the server's database) logs in at /login (工作人员登录,
// `?as=staff`) from the footer's 工作人员入口, sees 工作台 (email, 平台管理员), opens 数据导入, chooses 学校 and checks a
// CSV with a bad province code on line 3 (the error table: 3 · province_code), then a good file
// (全部正确 → 导入 → 已导入 2 行); checking it again reports the same 2 rows without errors (a
// re-import updates by school code), as does a dry run through the API. Then 退出. Screenshots:
// staff-import-errors-desktop.png, staff-import-errors-mobile.png, staff-import-done-desktop.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  DESKTOP,
  haveChromium,
  launchBrowser,
  PHONE,
  printServerLog,
  runCli,
  screenshot,
  startServer,
  stopServer,
  withPage as withFreshPage,
} from './support/server.mjs';
import { chooseStaffPassword, FIRST_STAFF_PASSWORD } from './support/api.mjs';
import { assertFitsThePhone, typeInto } from './support/ui.mjs';

/** @type {import('./support/server.mjs').Server | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;

const ADMIN = { email: 'admin@example.cn', password: 'Admin2026ok' };
const BAD_CSV = 'code,name,province_code\n10001,北京大学,11\n10002,清华大学,99\n';
const GOOD_CSV = 'code,name,province_code\n10001,北京大学,11\n10003,浙江大学,33\n';
const csvFile = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

const withPage = (t, body, options = {}) => withFreshPage(t, { browser, server, viewport: DESKTOP, ...options }, body);

before(async () => {
  if (!haveChromium) return;
  server = await startServer({ APP_DEMO_DATA: 'false' });
  try {
    await runCli(server, ['staff', 'create', '--role', 'platform_admin', '--email', ADMIN.email, '--password', FIRST_STAFF_PASSWORD]);
    await chooseStaffPassword(server.base, ADMIN);
  } catch (error) {
    printServerLog(server, 'creating the platform admin failed');
    throw error;
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
});

test('a platform admin checks and imports a schools CSV (desktop)', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await page.goto(`${base}/`);
    // Not in the student nav; the footer has the way in.
    assert.equal(await page.getByRole('navigation', { name: '主导航' }).getByText('工作人员').count(), 0);
    await page.getByRole('link', { name: '工作人员入口' }).click();
    await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();
    await typeInto(page, '电子邮箱', ADMIN.email);
    await typeInto(page, '密码', ADMIN.password);
    await page.keyboard.press('Enter');

    await page.waitForURL((url) => url.pathname === '/staff');
    await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
    assert.equal(await page.getByTestId('staff-email').textContent(), ADMIN.email);
    assert.equal(await page.getByTestId('staff-role').textContent(), '平台管理员');
    await page.getByRole('link', { name: '数据导入' }).click();
    await page.getByRole('heading', { level: 1, name: '数据导入' }).waitFor();

    // 学校, then a file whose line 3 has a province code that does not exist.
    await page.getByRole('radio', { name: '学校' }).check();
    const fileInput = page.getByLabel('CSV 文件', { exact: true });
    await fileInput.setInputFiles(csvFile('schools-bad.csv', BAD_CSV));
    await page.getByRole('button', { name: '检查' }).click();
    const table = page.getByTestId('import-errors');
    await table.waitFor();
    assert.equal(await page.getByTestId('import-rows').textContent(), '共 2 行');
    const cells = await table.locator('tbody tr').first().locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 2), ['3', 'province_code']);
    assert.ok(cells[2].length > 0, 'the reason is given');
    assert.match(await page.getByTestId('import-has-errors').textContent(), /有错误的文件不会导入任何数据/);
    assert.equal(await page.getByRole('button', { name: '导入' }).count(), 0);
    await screenshot(page, 'staff-import-errors-desktop');

    // Still usable on a phone: nothing wider than the screen.
    await page.setViewportSize(PHONE);
    await assertFitsThePhone(page, 'the import page with its error table');
    await screenshot(page, 'staff-import-errors-mobile');
    await page.setViewportSize(DESKTOP);

    // A good file: 全部正确 → 导入 → 已导入 2 行.
    await fileInput.setInputFiles(csvFile('schools.csv', GOOD_CSV));
    assert.equal(await table.count(), 0, 'a new file clears the old result');
    await page.getByRole('button', { name: '检查' }).click();
    await page.getByTestId('import-ok').waitFor();
    assert.equal(await page.getByTestId('import-rows').textContent(), '共 2 行');
    await page.getByRole('button', { name: '导入' }).click();
    const done = page.getByTestId('import-done');
    await done.waitFor();
    assert.match(await done.textContent(), /已导入 2 行/);
    await screenshot(page, 'staff-import-done-desktop');

    // Checking the same file again: the same 2 rows, no errors (a re-import updates by code).
    await page.getByRole('button', { name: '检查' }).click();
    await page.getByTestId('import-ok').waitFor();
    assert.equal(await page.getByTestId('import-rows').textContent(), '共 2 行');

    // And through the API: the staff token of this tab, a dry run of the file.
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('xuexin.staff.session') ?? 'null')?.access_token);
    assert.ok(token, 'the staff session is in sessionStorage');
    const answer = await fetch(`${base}/api/v1/imports/schools?dry_run=true`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
      body: GOOD_CSV,
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(await answer.json(), { rows: 2, imported: 0, dry_run: true, errors: [], errors_truncated: false });

    // 退出 → the staff login (工作人员登录 on /login); 工作台 now asks to log in again.
    const staffLogin = (url, next = null) => url.pathname === '/login' && url.searchParams.get('as') === 'staff' && url.searchParams.get('next') === next;
    await page.getByRole('link', { name: '← 工作台' }).click();
    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL((url) => staffLogin(url));
    await page.getByText('你已退出登录。').waitFor();
    await page.goto(`${base}/staff/imports`);
    await page.waitForURL((url) => staffLogin(url, '/staff/imports'));
  });
});
