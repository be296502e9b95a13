// 登录设备 (issue 16): one staff member logged in twice — on a desktop and on a phone, two browser
// contexts. On the desktop, 工作台 → 登录设备 lists both sessions (the desktop marked 本设备, the
// phone named “Chrome · Android” with its IP); 退出此设备 on the phone's row ends it. The phone's next
// request is refused (401 session_revoked) and its SPA goes to the staff login; the desktop keeps
// working and its list has one row. The page fits a phone. Screenshots: staff-sessions-desktop.png,
// staff-sessions-ended-desktop.png, staff-sessions-mobile.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { FAST } from './support/api.mjs';
import {
  chromiumAvailable,
  DESKTOP,
  haveChromium,
  launchBrowser,
  PHONE,
  printServerLog,
  screenshot,
  startServer,
  stopServer,
} from './support/server.mjs';
import { assertFitsThePhone, typeInto } from './support/ui.mjs';

/** @type {import('./support/server.mjs').Server | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;

// The demo support agent (backend/src/demo).
const SUPPORT = { email: 'support@xuexin.example', password: 'Support2026' };
const ANDROID_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

before(async () => {
  if (!haveChromium) return;
  server = await startServer({ ...FAST, APP_DEMO_DATA: 'true' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
});

/** Logs the staff member in on 工作人员登录 and waits for 工作台. */
async function staffLogIn(page, base, { email, password }) {
  await page.goto(`${base}/staff/login`);
  await page.getByRole('heading', { level: 1, name: '工作人员登录' }).waitFor();
  await typeInto(page, '电子邮箱', email);
  await typeInto(page, '密码', password);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/staff');
  await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
}

test('a staff member ends their session on another device from 登录设备', async (t) => {
  if (!chromiumAvailable(t)) return;
  const desktop = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
  const phone = await browser.newContext({
    viewport: PHONE,
    locale: 'zh-CN',
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    userAgent: ANDROID_UA,
  });
  const here = await desktop.newPage();
  const there = await phone.newPage();
  for (const page of [here, there]) page.setDefaultTimeout(15_000);
  const errors = [];
  here.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  try {
    const base = server.base;
    await staffLogIn(there, base, SUPPORT);
    await staffLogIn(here, base, SUPPORT);

    // 工作台 → 登录设备: both sessions, this one marked.
    await here.getByRole('link', { name: '登录设备' }).click();
    await here.getByRole('heading', { level: 1, name: '登录设备' }).waitFor();
    const rows = here.getByTestId('session-row');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    const current = here.locator('[data-testid="session-row"][data-current="true"]');
    assert.equal(await current.count(), 1);
    assert.match(await current.innerText(), /本设备/);
    assert.match(await current.innerText(), /127\.0\.0\.1/);
    const other = rows.filter({ hasText: 'Chrome · Android' });
    assert.equal(await other.count(), 1);
    assert.match(await other.innerText(), /127\.0\.0\.1/);
    t.diagnostic(`screenshot: ${await screenshot(here, 'staff-sessions-desktop')}`);

    // The phone still works before it is ended.
    await there.reload();
    await there.getByTestId('staff-email').waitFor();

    // 退出此设备, by keyboard.
    await other.getByRole('button', { name: /^退出此设备/ }).focus();
    await here.keyboard.press('Enter');
    const notice = here.getByTestId('sessions-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /已让 Chrome · Android（127\.0\.0\.1）退出登录。/);
    assert.equal(await rows.count(), 1);
    t.diagnostic(`screenshot: ${await screenshot(here, 'staff-sessions-ended-desktop')}`);

    // The phone's next request is refused; its SPA sends it to the staff login.
    const token = await there.evaluate(() => {
      for (const store of [sessionStorage, localStorage]) {
        for (let i = 0; i < store.length; i++) {
          const value = store.getItem(store.key(i) ?? '') ?? '';
          const match = /"access_token":"([^"]+)"/.exec(value);
          if (match) return match[1];
        }
      }
      return null;
    });
    assert.ok(token, 'the phone holds its staff token');
    const refused = await fetch(`${base}/api/v1/staff/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(refused.status, 401);
    assert.equal((await refused.json()).code, 'session_revoked');
    // 工作台 asks the server who is logged in: refused, the SPA goes to the staff login.
    await there.reload();
    await there.waitForURL((url) => url.pathname === '/login');
    await there.getByRole('heading', { level: 1, name: '登录' }).waitFor();

    // The desktop goes on; its page fits a phone.
    await here.reload();
    await rows.first().waitFor();
    assert.equal(await rows.count(), 1);
    await here.setViewportSize(PHONE);
    await assertFitsThePhone(here, '登录设备');
    t.diagnostic(`screenshot: ${await screenshot(here, 'staff-sessions-mobile')}`);
    assert.deepEqual(errors, [], 'the pages reported errors');
  } catch (error) {
    printServerLog(server, 'staff-sessions failed');
    throw error;
  } finally {
    await desktop.close();
    await phone.close();
  }
});
