// Sessions on shared computers (issue 12), at a desktop's size. 1: a login without 记住我 ends when
// the browser quits (a new context with the localStorage of the old one but none of its cookies
// without expiry: what a browser restart keeps), and is ended on the server; with 记住我 it stays.
// 2: two tabs (pages of one context): a second student logging in in tab 2 ends the first student's
// session on the server, and tab 1 shows the second student at once. 3: a staff member also
// logged in as a student sees 退出（学生） and 退出（工作人员）; the staff one revokes the staff token.
// 4: 退出注册 revokes the registration token and the tab forgets it.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, test } from 'node:test';

import { activationLink, callApi, chooseStaffPassword, FAST, FIRST_STAFF_PASSWORD, newEmail, noticeVersion, PASSWORD, registerStudent } from './support/api.mjs';
import { chromiumAvailable, DESKTOP, haveChromium, launchBrowser, printServerLog, runCli, startServer, stopServer } from './support/server.mjs';
import { typeInto } from './support/ui.mjs';

/** @type {import('./support/server.mjs').Server | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;

const STAFF = { email: 'admin@example.cn', password: 'Admin2026ok' };
const REFRESH_KEY = 'xuexin.session.refresh_token';
const ACCESS_KEY = 'xuexin.session.access_token';
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function syntheticIdNumber() {
  const first17 = `11000020070815${String(randomInt(0, 1000)).padStart(3, '0')}`;
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * WEIGHTS[i], 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}

const student = () => registerStudent(server.base, { name: '李明', idNumber: syntheticIdNumber() });

before(async () => {
  if (!haveChromium) return;
  server = await startServer({ ...FAST, APP_DEMO_DATA: 'false' });
  try {
    await runCli(server, ['staff', 'create', '--role', 'platform_admin', '--email', STAFF.email, '--password', FIRST_STAFF_PASSWORD]);
    await chooseStaffPassword(server.base, STAFF);
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

/** Runs `body` with a fresh context (cookies and storage of its own); prints the server log on failure. */
async function withContext(t, options, body) {
  if (!chromiumAvailable(t)) return;
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', ...options });
  context.setDefaultTimeout(15_000);
  try {
    await body(context);
  } catch (error) {
    printServerLog(server, `test "${t.name}" failed`);
    throw error;
  } finally {
    await context.close();
  }
}

async function logIn(page, { email, password }, { remember = false, staff = false } = {}) {
  await page.goto(`${server.base}/login${staff ? '?as=staff' : ''}`);
  await page.getByRole('heading', { level: 1, name: staff ? '工作人员登录' : '登录' }).waitFor();
  await typeInto(page, '电子邮箱', email);
  await typeInto(page, '密码', password);
  if (remember) await page.getByRole('checkbox', { name: /记住我/ }).check();
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === (staff ? '/staff' : '/me'));
}

const meEmail = (page) => page.getByTestId('me-email').innerText();

/**
 * The status of `GET /api/v1/me` with `accessToken`, polled until it is `expected` (the SPA ends
 * sessions in the background). Access tokens live 15 minutes: a 401 sooner means the session ended.
 */
async function meStatus(accessToken, expected) {
  let status;
  for (let i = 0; i < 50; i++) {
    const response = await fetch(`${server.base}/api/v1/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
    status = response.status;
    if (status === expected) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return status;
}

/** The storage a browser keeps when it quits: localStorage and cookies with an expiry, not the others. */
function afterQuitting(state) {
  return { cookies: state.cookies.filter((cookie) => cookie.expires !== -1), origins: state.origins };
}

test('1. without 记住我 quitting the browser logs out (also on the server); with 记住我 it does not', { timeout: 120_000 }, async (t) => {
  const account = await student();
  let kept;
  let accessToken;
  await withContext(t, {}, async (context) => {
    const page = await context.newPage();
    await logIn(page, account);
    assert.equal(await meEmail(page), account.email);
    accessToken = await page.evaluate((key) => sessionStorage.getItem(key), ACCESS_KEY);
    kept = afterQuitting(await context.storageState());
  });
  const refreshToken = kept.origins.flatMap((o) => o.localStorage).find((item) => item.name === REFRESH_KEY)?.value;
  assert.ok(refreshToken, 'the refresh token is shared by the tabs while the browser runs');
  assert.equal(await meStatus(accessToken, 200), 200);
  await withContext(t, { storageState: kept }, async (context) => {
    const page = await context.newPage();
    await page.goto(`${server.base}/me`);
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    assert.equal(await page.evaluate((key) => localStorage.getItem(key), REFRESH_KEY), null);
    assert.equal(await meStatus(accessToken, 401), 401, 'the forgotten session is ended on the server');
  });

  await withContext(t, {}, async (context) => {
    const page = await context.newPage();
    await logIn(page, account, { remember: true });
    kept = afterQuitting(await context.storageState());
  });
  await withContext(t, { storageState: kept }, async (context) => {
    const page = await context.newPage();
    await page.goto(`${server.base}/me`);
    assert.equal(await meEmail(page), account.email, '记住我 keeps the login across a browser restart');
  });
});

test('2. a second student logging in in another tab ends the first session, and every tab follows', { timeout: 120_000 }, async (t) => {
  const [first, second] = [await student(), await student()];
  await withContext(t, {}, async (context) => {
    const tab1 = await context.newPage();
    await logIn(tab1, first);
    assert.equal(await meEmail(tab1), first.email);
    const firstAccess = await tab1.evaluate((key) => sessionStorage.getItem(key), ACCESS_KEY);
    assert.equal(await meStatus(firstAccess, 200), 200);

    const tab2 = await context.newPage();
    await logIn(tab2, second);
    assert.equal(await meEmail(tab2), second.email);
    // Tab 1 shows the second student without being touched.
    await tab1.getByTestId('me-email').filter({ hasText: second.email }).waitFor();
    assert.equal(await meStatus(firstAccess, 401), 401, "the first student's session is ended on the server");
  });
});

test('3. a staff member also logged in as a student can end each session from the header', { timeout: 120_000 }, async (t) => {
  const account = await student();
  await withContext(t, {}, async (context) => {
    const page = await context.newPage();
    await logIn(page, account);
    await logIn(page, STAFF, { staff: true });
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('button', { name: '退出（学生）' }).waitFor();
    const staffToken = await page.evaluate(() => JSON.parse(sessionStorage.getItem('xuexin.staff.session')).access_token);
    await callApi(server.base, 'GET', '/api/v1/staff/me', { token: staffToken });

    await nav.getByRole('button', { name: '退出（工作人员）' }).click();
    await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();
    await callApi(server.base, 'GET', '/api/v1/staff/me', { token: staffToken, expected: 401 });
    assert.equal(await nav.getByRole('button', { name: '退出（学生）' }).count(), 0);
    await nav.getByRole('button', { name: '退出', exact: true }).click();
    await nav.getByRole('link', { name: '登录' }).waitFor();
    assert.equal(await nav.getByRole('button', { name: /退出/ }).count(), 0);
  });
});

test('4. 退出注册 revokes the registration token and the tab forgets it', { timeout: 120_000 }, async (t) => {
  const email = newEmail();
  const consent_version = await noticeVersion(server.base);
  await callApi(server.base, 'POST', '/api/v1/accounts', { body: { email, password: PASSWORD, consent_version }, expected: 201 });
  const link = new URL(await activationLink(server.base, email));
  await callApi(server.base, 'POST', '/api/v1/accounts/activation', { body: { token: link.searchParams.get('token') } });
  await withContext(t, {}, async (context) => {
    const page = await context.newPage();
    await page.goto(`${server.base}/login`);
    await typeInto(page, '电子邮箱', email);
    await typeInto(page, '密码', PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/register/identity');
    const token = await page.evaluate(() => sessionStorage.getItem('xuexin.registration_token'));
    assert.ok(token);

    await page.getByRole('button', { name: '退出注册' }).click();
    await page.getByTestId('login-notice').filter({ hasText: '你已退出注册' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('xuexin.registration_token')), null);
    const refused = await callApi(server.base, 'GET', '/api/v1/registration', { token, expected: 401 });
    assert.equal(refused.code, 'token_invalid');
    await page.goto(`${server.base}/register/identity`);
    await page.getByTestId('registration-no-token').waitFor();
  });
});
