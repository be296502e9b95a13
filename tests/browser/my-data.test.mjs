// 我的数据 in the browser (issue 17), at a phone's size: a student registers through the UI, which
// refuses until 「我已阅读并同意《个人信息保护说明》」 is ticked; the notice page (/privacy, linked
// beside the box) shows the version the API names; the rest of the registration goes through the
// API; the student logs in through the UI, opens 个人中心 → 我的数据, downloads the readable file
// and the JSON file (both saved by the browser under the server's name, holding the student's own
// data), and sees that nobody has looked at their details yet.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { FAST, finishRegistration, newEmail, noticeVersion, PASSWORD } from './support/api.mjs';
import { launchBrowser, PHONE, screenshot, startServer, stopServer, withPage as withFreshPage, haveChromium } from './support/server.mjs';
import { assertFitsThePhone, logIn, typeInto } from './support/ui.mjs';

/** @type {import('./support/server.mjs').Server | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;

const withPage = (t, body) => withFreshPage(t, { browser, server, viewport: PHONE }, body);

before(async () => {
  if (!haveChromium) return;
  server = await startServer({ ...FAST });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
});

/** Clicks `button` and returns the download it starts, saved: its suggested name and text. */
async function downloadFrom(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
}

test('a student registers with consent, opens 我的数据 and downloads both files', { timeout: 120_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    const email = newEmail();
    const version = await noticeVersion(base);

    // The notice, linked from the registration form, shows the version the API records.
    await page.goto(`${base}/register`);
    await page.getByRole('heading', { level: 1, name: '注册学信网账号' }).waitFor();
    const [notice] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: '《个人信息保护说明》' }).click(),
    ]);
    await notice.getByRole('heading', { level: 1, name: '个人信息保护说明' }).waitFor();
    assert.match(await notice.getByTestId('notice-version').innerText(), new RegExp(`版本 ${version}`));
    await assertFitsThePhone(notice, 'the privacy notice');
    t.diagnostic(`screenshot: ${await screenshot(notice, 'privacy-mobile')}`);
    await notice.close();

    // Registering needs the box ticked; the form keeps what was typed meanwhile.
    await typeInto(page, '电子邮箱', email);
    await typeInto(page, '密码', PASSWORD);
    await typeInto(page, '确认密码', PASSWORD);
    const register = page.getByRole('button', { name: '注册', exact: true });
    await register.click();
    assert.equal((await page.getByTestId('error-consent_version').innerText()).trim(), '请阅读并勾选同意《个人信息保护说明》。');
    const box = page.getByRole('checkbox', { name: /我已阅读并同意/ });
    assert.equal(await box.evaluate((el) => el === document.activeElement), true, 'focus on the box');
    await page.keyboard.press('Space');
    await register.click();
    await page.waitForURL((url) => url.pathname === '/register/check-email');
    await finishRegistration(base, { name: '李明', idNumber: '110105200503140021', email });

    // 个人中心 → 我的数据.
    await logIn(page, email, PASSWORD);
    await page.waitForURL((url) => url.pathname === '/me');
    await page.getByRole('navigation', { name: '我的服务' }).getByRole('link', { name: /我的数据/ }).click();
    await page.getByRole('heading', { level: 1, name: '我的数据' }).waitFor();
    await page.getByText('还没有工作人员查看过你的完整信息。').waitFor();
    await assertFitsThePhone(page, 'the my-data page');

    const html = await downloadFrom(page, page.getByRole('button', { name: '下载网页文件（可打印）' }));
    assert.match(html.name, /^xuexin-my-data-\d{8}\.html$/);
    assert.ok(html.text.startsWith('<!DOCTYPE html>'), html.text.slice(0, 80));
    for (const own of [email, '李明', '110105200503140021', version]) assert.ok(html.text.includes(own), `the HTML file holds ${own}`);
    assert.ok(!html.text.includes('<script'), 'no script in the file');
    assert.match(await page.getByTestId('download-status').innerText(), /已开始下载 xuexin-my-data-\d{8}\.html/);

    const json = await downloadFrom(page, page.getByRole('button', { name: '下载数据文件（JSON）' }));
    assert.match(json.name, /^xuexin-my-data-\d{8}\.json$/);
    const data = JSON.parse(json.text);
    assert.equal(data.account.email, email);
    assert.equal(data.real_name.id_number, '110105200503140021');
    assert.deepEqual(
      data.consent_history.map((c) => [c.kind, c.version]),
      [['given', version]],
    );
    t.diagnostic(`screenshot: ${await screenshot(page, 'my-data-mobile')}`);
  });
});
