// Accounts in the browser, at a phone's size, through the UI like a student: the nine steps of the
// original guide — register (with the live messages of the rules), activate from the emailed link
// (read from the dev outbox), 实名注册 (a synthetic ID number; no records in the empty database),
// 手机确认 (the SMS code from the dev outbox), 确认信息 with its 是/否 dialog, 注册完成 and its
// 30-second countdown (on a fake clock), then log in to 个人中心 and out. The real backend binary
// serves the built SPA; see support/server.mjs for the environment (XUEXIN_BIN, APP_SPA_DIR,
// CHROMIUM_PATH, CI). Screenshots go to tests/browser/artifacts/.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, test } from 'node:test';

import { activationLink, FAST, newEmail, newPhone, PASSWORD, smsCode } from './support/api.mjs';
import {
  haveChromium,
  launchBrowser,
  PHONE,
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

// Chromium logs every 4xx answer to fetch() as a console error; these are expected here.
const EXPECTED_HTTP_ERRORS = [/Failed to load resource: the server responded with a status of 401/];

const withPage = (t, body, options = {}) => withFreshPage(t, { browser, server, viewport: PHONE, ...options }, body);

before(async () => {
  if (!haveChromium) return;
  server = await startServer(FAST);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
});

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A synthetic ID number with a correct check character: region 110000 is Beijing's province-level
 * code itself, which no county issues, so no real person has this number. Born 2007-08-15.
 */
function syntheticIdNumber() {
  const first17 = `11000020070815${String(randomInt(0, 1000)).padStart(3, '0')}`;
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * WEIGHTS[i], 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}

async function errorOf(page, field) {
  return (await page.getByTestId(`error-${field}`).innerText()).trim();
}

test('a student registers through all the steps, then logs in and out (phone)', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    const email = newEmail();
    const steps = page.getByTestId('registration-steps');

    // 1. Register: the rules speak as soon as a field is left, in the server's words.
    await page.goto(`${base}/register`);
    await page.getByRole('heading', { level: 1, name: '注册学信网账号' }).waitFor();
    assert.equal(await steps.getAttribute('data-current'), '1');
    await typeInto(page, '电子邮箱', 'student@example');
    await page.keyboard.press('Tab');
    assert.equal(await errorOf(page, 'email'), '电子邮箱格式不正确，应类似 name@example.com。');
    await typeInto(page, '密码', 'abc12');
    await page.keyboard.press('Tab');
    assert.equal(await errorOf(page, 'password'), '密码至少需要 6 位。');
    assert.match(await page.getByText('6–64 位英文字母或数字').first().innerText(), /6–64 位英文字母或数字/);
    await assertFitsThePhone(page, 'the register page');
    t.diagnostic(`screenshot: ${await screenshot(page, 'register-mobile')}`);

    // Fixing a field clears its message while typing.
    await typeInto(page, '电子邮箱', email);
    assert.equal(await errorOf(page, 'email'), '');
    await typeInto(page, '密码', PASSWORD);
    assert.equal(await errorOf(page, 'password'), '');
    await typeInto(page, '确认密码', PASSWORD);
    // The privacy notice must be agreed to: unticked, the form says so beside the box.
    await page.keyboard.press('Enter');
    assert.equal(await errorOf(page, 'consent_version'), '请阅读并勾选同意《个人信息保护说明》。');
    await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
    await page.getByRole('button', { name: '注册', exact: true }).click();

    // 2. 请查收激活邮件, with the resend countdown running.
    await page.waitForURL((url) => url.pathname === '/register/check-email');
    await page.getByRole('heading', { level: 1, name: '请查收激活邮件' }).waitFor();
    assert.equal(await page.getByTestId('check-email-address').innerText(), email);
    assert.equal(await steps.getAttribute('data-current'), '2');
    assert.match(await page.getByRole('button', { name: /秒后可重新发送/ }).innerText(), /^\d+ 秒后可重新发送$/);

    // 3. The activation link, as mailed. Opening it activates nothing by itself (mail scanners open links).
    const link = await activationLink(base, email);
    await page.goto(link);
    const activate = page.getByRole('button', { name: '激活账号' });
    await activate.waitFor();
    const early = await fetch(`${base}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    assert.equal(early.status, 403, 'logging in before pressing 激活账号');
    assert.equal((await early.json()).code, 'account_not_activated');
    await assertFitsThePhone(page, 'the activate page');
    t.diagnostic(`screenshot: ${await screenshot(page, 'activate-mobile')}`);
    await activate.click();
    await page.waitForURL((url) => url.pathname === '/register/identity');
    assert.equal(await page.getByTestId('registration-email').innerText(), email);

    // Logging in to an unfinished registration leads back to it.
    await logIn(page, email, PASSWORD);
    await page.waitForURL((url) => url.pathname === '/register/identity');
    assert.equal(await page.getByTestId('registration-email').innerText(), email);

    // 4. 实名注册: 出生日期 and 性别 fill themselves in from a valid ID number.
    await page.getByRole('heading', { level: 1, name: '实名注册' }).waitFor();
    assert.equal(await steps.getAttribute('data-current'), '3');
    const idNumber = syntheticIdNumber();
    const sex = Number(idNumber[16]) % 2 === 1 ? '男' : '女';
    await typeInto(page, '姓名', '林小雨');
    await typeInto(page, '身份证号', idNumber.slice(0, 17));
    assert.equal(await page.getByLabel('出生日期', { exact: true }).count(), 0, 'no birth date from 17 digits');
    await page.keyboard.type(idNumber.slice(17).toLowerCase());
    assert.equal(await page.getByLabel('出生日期', { exact: true }).inputValue(), '2007年8月15日');
    assert.equal(await page.getByLabel('性别', { exact: true }).inputValue(), sex);
    assert.equal(await errorOf(page, 'id_number'), '');
    await assertFitsThePhone(page, 'the identity page');
    t.diagnostic(`screenshot: ${await screenshot(page, 'identity-mobile')}`);

    // The database has no records: the notice comes before anything moves on.
    await page.getByRole('button', { name: '提交' }).click();
    const noRecords = page.getByRole('alert').filter({ hasText: '没有找到与这个姓名和身份证号一致的学籍或学历记录。' });
    await noRecords.waitFor();
    assert.match(await noRecords.innerText(), /每天最多可以提交 5 组不同的姓名和身份证号/);
    assert.equal(new URL(page.url()).pathname, '/register/identity');
    await assertFitsThePhone(page, 'the no-records notice');
    t.diagnostic(`screenshot: ${await screenshot(page, 'identity-no-records-mobile')}`);
    await page.getByRole('button', { name: '仍然继续' }).click();

    // 5. 手机确认: 发送 turns into a countdown; the code comes by SMS (the dev outbox).
    await page.waitForURL((url) => url.pathname === '/register/phone');
    await page.getByRole('heading', { level: 1, name: '手机确认' }).waitFor();
    assert.equal(await steps.getAttribute('data-current'), '4');
    const phone = newPhone();
    await typeInto(page, '手机号', phone);
    const send = page.getByTestId('send-code');
    assert.equal(await send.innerText(), '发送');
    await send.click();
    await page.getByTestId('code-sent').waitFor();
    assert.match(await send.innerText(), /^(60|59|58) 秒后重发$/);
    const codeInput = page.getByLabel('校验码', { exact: true });
    assert.equal(await codeInput.getAttribute('inputmode'), 'numeric');
    assert.equal(await codeInput.getAttribute('autocomplete'), 'one-time-code');
    await assertFitsThePhone(page, 'the phone page');
    t.diagnostic(`screenshot: ${await screenshot(page, 'phone-mobile')}`);
    const code = await smsCode(base, phone);
    await codeInput.fill(code);
    await page.getByRole('button', { name: '确认', exact: true }).click();

    // 6. 确认信息: the summary, then 确认提交 and 是 in the dialog.
    await page.waitForURL((url) => url.pathname === '/register/confirm');
    await page.getByTestId('registration-summary').waitFor();
    assert.equal(await steps.getAttribute('data-current'), '5');
    const shown = async (id) => (await page.getByTestId(id).innerText()).trim();
    assert.equal(await shown('summary-email'), email);
    assert.equal(await shown('summary-name'), '林小雨');
    // In full: the student typed it, and masked beside the birth date it would hide nothing.
    assert.equal(await shown('summary-id-number'), idNumber);
    assert.equal(await shown('summary-birth-date'), '2007年8月15日');
    assert.equal(await shown('summary-sex'), sex);
    assert.equal(await shown('summary-phone'), phone);
    assert.equal(await shown('summary-records'), '未找到与姓名和身份证号一致的记录');
    await assertFitsThePhone(page, 'the confirm page');
    t.diagnostic(`screenshot: ${await screenshot(page, 'confirm-mobile')}`);
    await page.getByRole('button', { name: '确认提交' }).click();
    const dialog = page.getByRole('dialog', { name: '确认提交' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /请确认以上信息准确无误。确认后姓名和身份证号不能自行修改。/);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '否');
    t.diagnostic(`screenshot: ${await screenshot(page, 'confirm-dialog-mobile', { fullPage: false })}`);
    // Esc is 否: nothing happens, and the focus is back on 确认提交.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '确认提交');
    await page.keyboard.press('Enter');
    await dialog.waitFor();

    // The done page counts down 30 s: a fake clock, installed before it starts, skips the wait.
    await page.clock.install();
    await dialog.getByRole('button', { name: '是' }).click();

    // 7. 注册完成, then the login page by itself after 30 seconds.
    await page.waitForURL((url) => url.pathname === '/register/done');
    await page.getByRole('heading', { level: 1, name: '注册完成' }).waitFor();
    assert.equal(await steps.getAttribute('data-current'), '6');
    assert.match(await page.getByTestId('done-countdown').innerText(), /^(30|29) 秒后自动进入登录页面$/);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('xuexin.registration_token')), null);
    await page.getByRole('link', { name: '立即登录' }).waitFor();
    await assertFitsThePhone(page, 'the done page');
    t.diagnostic(`screenshot: ${await screenshot(page, 'done-mobile')}`);
    await page.clock.fastForward(10_000);
    assert.match(await page.getByTestId('done-countdown').innerText(), /^(20|19) 秒后自动进入登录页面$/);
    assert.equal(new URL(page.url()).pathname, '/register/done');
    await page.clock.fastForward(20_000);
    await page.waitForURL((url) => url.pathname === '/login');

    // 8. Now a login is a session (the email is filled in): 个人中心 shows the account.
    await page.getByText('注册已完成，请用邮箱和密码登录。').waitFor();
    assert.equal(await page.getByLabel('电子邮箱', { exact: true }).inputValue(), email);
    await typeInto(page, '密码', PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/me');
    assert.equal(await page.getByTestId('me-email').innerText(), email);
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '个人中心' }).waitFor();
    await assertFitsThePhone(page, '/me');
    t.diagnostic(`screenshot: ${await screenshot(page, 'me-mobile')}`);

    // 9. Log out.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByText('你已退出登录。').waitFor();
    await nav.getByRole('link', { name: '登录' }).waitFor();

    // Without a session, /me sends the visitor to the login page (and back after logging in).
    await page.goto(`${base}/me`);
    await page.waitForURL((url) => url.pathname === '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/me');
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();

    // The registration steps now refuse the old way in: the activation link is dead.
    await page.goto(link);
    await page.getByRole('button', { name: '激活账号' }).click();
    await page.getByTestId('activate-complete').waitFor();
  }, { allowConsole: [/Failed to load resource: the server responded with a status of 409/] });
});

test('a registration step without its token explains and links to the login (phone)', { timeout: 60_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    for (const path of ['/register/identity', '/register/phone', '/register/confirm']) {
      await page.goto(`${base}${path}`);
      const alert = page.getByTestId('registration-no-token');
      await alert.waitFor();
      assert.match(await alert.innerText(), /请用注册时的邮箱和密码登录，接着完成注册/, path);
      assert.equal(await page.getByRole('main').getByRole('link', { name: '登录并继续注册' }).getAttribute('href'), '/login', path);
    }
    await assertFitsThePhone(page, 'the no-token page');
  });
});

test('a wrong password three times: 邮箱或密码不正确, and the email stays', { timeout: 60_000 }, async (t) => {
  await withPage(
    t,
    async (page, base) => {
      const email = newEmail();
      await page.goto(`${base}/login`);
      await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
      const emailInput = await typeInto(page, '电子邮箱', email);
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        await typeInto(page, '密码', `wrongPass${attempt}`);
        const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/sessions') && r.request().method() === 'POST');
        await page.keyboard.press('Enter');
        assert.equal((await answered).status(), 401, `attempt ${attempt}`);
        const alert = page.getByTestId('form-error');
        await alert.waitFor();
        assert.equal((await alert.innerText()).trim(), '邮箱或密码不正确。', `attempt ${attempt}`);
        assert.equal(await emailInput.inputValue(), email, `attempt ${attempt}: the typed email is kept`);
        // The alert is above the form, where it is seen before the fields.
        const [alertBox, emailBox] = await Promise.all([alert.boundingBox(), emailInput.boundingBox()]);
        assert.ok(alertBox && emailBox && alertBox.y < emailBox.y, 'the message is above the form');
      }
      await assertFitsThePhone(page, 'the login page with an error');
    },
    { allowConsole: EXPECTED_HTTP_ERRORS },
  );
});
