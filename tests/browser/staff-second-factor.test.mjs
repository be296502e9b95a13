// Staff second factor in the browser (issue 16), at a desktop's size, with
// APP_STAFF_TOTP_REQUIRED=true: a platform admin made with `xuexin staff create` logs in, is sent
// to 账号安全 (setup required), sets their own password, enrols TOTP (the QR code drawn on the page,
// the secret as text; the code computed here from that secret with crypto.createHmac, as an
// authenticator app would), sees the ten recovery codes once (我已保存 → 完成), goes to 工作台, logs
// out, and logs in again: password, then the code step (inputmode numeric, one-time-code) → 工作台.
// Screenshots: staff-2fa-enrol-desktop.png, staff-2fa-codes-desktop.png, staff-2fa-login-desktop.png.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';

import { FIRST_STAFF_PASSWORD } from './support/api.mjs';
import { DESKTOP, haveChromium, launchBrowser, printServerLog, runCli, screenshot, startServer, stopServer, withPage as withFreshPage } from './support/server.mjs';
import { typeInto } from './support/ui.mjs';

/** @type {import('./support/server.mjs').Server | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;

const ADMIN = { email: 'admin2fa@example.cn', password: 'Mine2026abc' };

/** RFC 4648 base32 → bytes. */
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code (HMAC-SHA-1, 6 digits, 30 s) of `secret` at `step` steps from now. */
function totp(secret, step = 0) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + step));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const withPage = (t, body) => withFreshPage(t, { browser, server, viewport: DESKTOP }, body);

before(async () => {
  if (!haveChromium) return;
  server = await startServer({ APP_DEMO_DATA: 'false', APP_STAFF_TOTP_REQUIRED: 'true' });
  try {
    await runCli(server, ['staff', 'create', '--role', 'platform_admin', '--email', ADMIN.email, '--password', FIRST_STAFF_PASSWORD]);
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

test('a new platform admin sets a password, enrols TOTP, logs out and logs in with a code', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await page.goto(`${base}/login?as=staff`);
    await typeInto(page, '电子邮箱', ADMIN.email);
    await typeInto(page, '密码', FIRST_STAFF_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/staff/security');
    await page.getByTestId('setup-required').waitFor();

    await typeInto(page, '当前密码（管理员告诉您的初始密码）', FIRST_STAFF_PASSWORD);
    await typeInto(page, '新密码', ADMIN.password);
    await page.getByRole('button', { name: '保存新密码' }).click();
    await page.getByRole('button', { name: '开启两步验证' }).click();
    await page.getByRole('img', { name: '两步验证二维码' }).waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent()).trim();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await screenshot(page, 'staff-2fa-enrol-desktop');
    await typeInto(page, '验证码', totp(secret));
    await page.getByRole('button', { name: '验证并开启' }).click();
    const codes = page.getByRole('list', { name: '恢复码' }).getByRole('listitem');
    await codes.first().waitFor();
    assert.equal(await codes.count(), 10);
    await screenshot(page, 'staff-2fa-codes-desktop');
    await page.getByLabel('我已保存恢复码').check();
    await page.getByRole('button', { name: '完成' }).click();
    await page.getByTestId('second-factor-on').waitFor();

    await page.getByRole('link', { name: '返回工作台' }).click();
    await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL((url) => url.pathname === '/login');

    await typeInto(page, '电子邮箱', ADMIN.email);
    await typeInto(page, '密码', ADMIN.password);
    await page.keyboard.press('Enter');
    const code = page.getByLabel('验证码');
    await code.waitFor();
    assert.equal(await code.getAttribute('inputmode'), 'numeric');
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
    await screenshot(page, 'staff-2fa-login-desktop');
    // The enrolment's code was used in this time step; the next step's is accepted too.
    await code.fill(totp(secret, 1));
    await page.getByRole('button', { name: '验证并登录' }).click();
    await page.waitForURL((url) => url.pathname === '/staff');
    assert.equal(await page.getByTestId('staff-email').textContent(), ADMIN.email);
  });
});
