// 找回账号, lost mailbox, on a phone (375×812). A student registered through the API as 李明 (a
// synthetic ID number) has lost the mailbox: from 登录 they follow 邮箱或手机号不能用了？ to
// 找回账号, type name, ID number and the confirmed phone (发送校验码: the page says only "如果…相符"),
// read the SMS code from the dev outbox, type it with a new email (提交), open the link mailed to
// the new address, 确认更改登录邮箱, and log in with the new email and the old password. The old
// mailbox got the notice. Screenshots: recover-mobile.png, recover-code-mobile.png,
// recover-mail-sent-mobile.png, recover-confirmed-mobile.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { FAST, fromOutbox, newEmail, registerStudent, smsCode } from './support/api.mjs';
import { haveChromium, launchBrowser, PHONE, printServerLog, screenshot, startServer, stopServer, withPage } from './support/server.mjs';
import { assertFitsThePhone, logIn, typeInto } from './support/ui.mjs';

/** @type {import('./support/server.mjs').Server | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;
let student;

/** A valid synthetic ID number (Beijing, 2004-03-01) with its check character. */
function idNumber(serial) {
  const first17 = `11010520040301${String(serial).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const NAME = '李明';
const ID_NUMBER = idNumber(Math.floor(Math.random() * 1000));

before(async () => {
  if (!haveChromium) return;
  // No SMS cooldown: the recovery code follows the registration's code to the same phone at once.
  server = await startServer({ ...FAST, APP_SMS_COOLDOWN_SECS: '0' });
  try {
    student = await registerStudent(server.base, { name: NAME, idNumber: ID_NUMBER });
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

test('a student who lost the mailbox sets a new one with name, ID number and an SMS code (phone)', { timeout: 120_000 }, async (t) => {
  await withPage(t, { browser, server, viewport: PHONE }, async (page, base) => {
    await page.goto(`${base}/login`);
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    await page.getByRole('link', { name: '邮箱或手机号不能用了？' }).click();
    await page.getByRole('heading', { level: 1, name: '找回账号' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/recover');
    await assertFitsThePhone(page, '找回账号');
    await screenshot(page, 'recover-mobile');

    await typeInto(page, '姓名', NAME);
    await typeInto(page, '身份证号', ID_NUMBER);
    await typeInto(page, '手机号', student.phone);
    await page.getByRole('button', { name: '发送校验码' }).click();
    const sent = page.getByTestId('code-sent');
    await sent.waitFor();
    assert.match(await sent.textContent(), /如果姓名、身份证号和手机号与一个学信网账号相符/);
    const code = await smsCode(base, student.phone);
    const fresh = newEmail();
    await typeInto(page, '校验码', code);
    await typeInto(page, '新的电子邮箱', fresh);
    await assertFitsThePhone(page, '找回账号 with the code');
    await screenshot(page, 'recover-code-mobile');
    await page.keyboard.press('Enter');
    const mailSent = page.getByTestId('recovery-mail-sent');
    await mailSent.waitFor();
    assert.match(await mailSent.textContent(), new RegExp(fresh.replace('.', '\\.')));
    await screenshot(page, 'recover-mail-sent-mobile');

    const link = await fromOutbox(base, fresh, 'email', /https?:\/\/\S+\/recover\/email\/confirm\?token=[\w-]+/);
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: '确认新的登录邮箱' }).waitFor();
    await page.getByRole('button', { name: '确认更改登录邮箱' }).click();
    const done = page.getByTestId('email-recovered');
    await done.waitFor();
    assert.match(await done.textContent(), /登录邮箱已更改/);
    await assertFitsThePhone(page, '登录邮箱已更改');
    await screenshot(page, 'recover-confirmed-mobile');

    // The old mailbox hears of it; the new email and the old password log in.
    const notice = await fromOutbox(base, student.email, 'email', /登录邮箱由 \S+ 改为 \S+/);
    assert.ok(notice.includes(student.email), notice);
    await page.goto(`${base}/`);
    await logIn(page, fresh, student.password);
    await page.waitForURL((url) => url.pathname === '/me');
  });
});
