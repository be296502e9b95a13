// Records in the browser, at a phone's size: with the demo data (APP_DEMO_DATA=true), students
// registered in a second through the API (support/api.mjs) log in through the UI and read their
// 学历 and 学籍; 李华 creates an online verification report for her degree from its card (90
// days), copies its link, prints it, and a stranger (a fresh browser context, no session) sees
// the degree without any ID number or birth date on /verify/<code>, then "已撤销" once she revokes it; the
// public degree check answers 有效 for her certificate. 张伟's two enrollments show 在籍 with
// 资格待查 and 毕业. Screenshots go to tests/browser/artifacts/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { FAST, registerStudent } from './support/api.mjs';
import {
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
/** Login details of the demo students, registered before the tests. */
let liHua;
let zhangWei;

const LI_HUA = { name: '李华', idNumber: '31019920010802022X', certificateNo: '100031202305000123' };
const ZHANG_WEI = { name: '张伟', idNumber: '510199200211300331' };
// Chromium logs 4xx answers to fetch() as console errors: the public page of a revoked report is a 404.
const EXPECTED_HTTP_ERRORS = [/Failed to load resource: the server responded with a status of 404/];

const withPage = (t, body, options = {}) => withFreshPage(t, { browser, server, viewport: PHONE, ...options }, body);

before(async () => {
  if (!haveChromium) return;
  server = await startServer({ ...FAST, APP_DEMO_DATA: 'true' });
  try {
    [liHua, zhangWei] = await Promise.all([registerStudent(server.base, LI_HUA), registerStudent(server.base, ZHANG_WEI)]);
  } catch (error) {
    printServerLog(server, 'registering the demo students failed');
    throw error;
  }
  assert.equal(liHua.recordsFound, true, '李华 has records in the demo data');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
});

/** Logs in through the UI and waits for 个人中心. */
async function logInAs(page, base, student) {
  await page.goto(`${base}/`);
  await logIn(page, student.email, student.password);
  await page.waitForURL((url) => url.pathname === '/me');
  await page.getByRole('heading', { level: 1, name: '个人中心' }).waitFor();
}

/** A page in a context of its own: a stranger with no session, at a phone's size. */
async function strangerPage() {
  const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, context, errors };
}

test('李华 proves her degree with a verification report, then revokes it (phone)', { timeout: 120_000 }, async (t) => {
  await withPage(
    t,
    async (page, base) => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      await logInAs(page, base, liHua);

      // 个人中心 is the hub: the records, the public services, and 预征网上报名 out to the official site.
      const hub = page.getByRole('navigation', { name: '我的服务' });
      for (const name of ['学籍信息', '学历信息', '在线验证报告', '学历查询']) await hub.getByRole('link', { name }).waitFor();
      const conscription = hub.getByRole('link', { name: /预征网上报名/ });
      assert.equal(await conscription.getAttribute('href'), 'https://www.gfbzb.gov.cn/');
      assert.equal(await conscription.getAttribute('target'), '_blank');
      assert.match((await conscription.getAttribute('rel')) ?? '', /\bnoopener\b/);
      await assertFitsThePhone(page, '/me');
      t.diagnostic(`screenshot: ${await screenshot(page, 'me-hub-mobile')}`);

      // 学历信息: the degree card, the ID number masked until 显示.
      await hub.getByRole('link', { name: '学历信息' }).click();
      await page.waitForURL((url) => url.pathname === '/me/degrees');
      const card = page.getByTestId('degree-card');
      await card.waitFor();
      assert.equal((await card.getByTestId('fact-certificate-no').innerText()).trim(), LI_HUA.certificateNo);
      assert.match(await card.getByRole('heading', { level: 2 }).innerText(), /清华大学/);
      const idValue = card.getByTestId('id-number-value');
      assert.equal(await idValue.innerText(), '310199********022X');
      await card.getByRole('button', { name: /显示/ }).click();
      assert.equal(await idValue.innerText(), LI_HUA.idNumber);
      await assertFitsThePhone(page, '/me/degrees');
      t.diagnostic(`screenshot: ${await screenshot(page, 'degrees-mobile')}`);

      // 生成验证报告 from the card: the degree is chosen; 90 days.
      await card.getByRole('link', { name: /生成验证报告/ }).click();
      await page.waitForURL((url) => url.pathname === '/me/reports' && url.searchParams.get('record_type') === 'degree');
      const form = page.getByRole('form', { name: '生成验证报告' });
      await form.waitFor();
      const chosen = form.getByRole('radio', { name: /学历 · 清华大学/ });
      assert.equal(await chosen.isChecked(), true, 'the degree of the card is chosen');
      await form.getByLabel('有效期', { exact: true }).selectOption('90');
      assert.match(await page.getByTestId('valid-until-preview').innerText(), /从现在起 90 天/);
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/verification-reports') && r.request().method() === 'POST');
      await form.getByRole('button', { name: '生成验证报告' }).click();
      const report = await (await created).json();
      assert.equal(report.record_type, 'degree');
      const days = (Date.parse(report.expires_at) - Date.parse(report.created_at)) / 86_400_000;
      assert.ok(Math.abs(days - 90) < 0.01, `valid for 90 days, not ${days}`);

      // The new code, in groups of four; 复制链接 puts the public link on the clipboard.
      const done = page.getByTestId('report-created');
      await done.waitFor();
      const shownCode = (await done.getByTestId('new-report-code').innerText()).trim();
      assert.match(shownCode, /^[2-9A-HJKMNP-Z]{4}( [2-9A-HJKMNP-Z]{4}){3}$/);
      const code = shownCode.replaceAll(' ', '');
      assert.equal(code, report.code);
      await done.getByRole('button', { name: '复制链接' }).click();
      await done.getByText('链接已复制').waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${base}/verify/${code}`);
      const item = page.locator(`[data-testid=report-item][data-code="${code}"]`);
      assert.equal((await item.getByTestId('report-state').innerText()).replace('状态：', '').trim(), '有效');
      assert.match(await item.getByTestId('report-expires').innerText(), /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
      await assertFitsThePhone(page, '/me/reports');
      t.diagnostic(`screenshot: ${await screenshot(page, 'reports-mobile')}`);

      // The printable view: what the public sees, the code, the link and its QR code.
      await done.getByRole('link', { name: '打印报告' }).click();
      await page.waitForURL((url) => url.pathname === `/me/reports/${code}/print`);
      const sheet = page.getByTestId('print-sheet');
      await sheet.waitFor();
      assert.equal((await sheet.getByTestId('print-code').innerText()).trim(), shownCode);
      assert.equal((await sheet.getByTestId('print-url').innerText()).trim(), `${base}/verify/${code}`);
      assert.equal((await sheet.getByTestId('fact-name').innerText()).trim(), LI_HUA.name);
      assert.equal(await sheet.getByTestId('fact-id-number').count(), 0, 'a report shows no ID number, not even masked');
      assert.equal(await sheet.getByRole('img', { name: /二维码/ }).count(), 1);
      await assertFitsThePhone(page, 'the print view');
      t.diagnostic(`screenshot: ${await screenshot(page, 'print-mobile')}`);
      // As printed (about the width of A4 within its margins): no header, nav or footer; one A4 page.
      await page.setViewportSize({ width: 680, height: 960 });
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('header').first().isVisible(), false, 'the site header is not printed');
      assert.equal(await page.getByRole('button', { name: '打印' }).isVisible(), false, 'the toolbar is not printed');
      t.diagnostic(`screenshot: ${await screenshot(page, 'print-media')}`);
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.equal(pages, 1, 'the report fits one A4 page');
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize(PHONE);

      // A stranger opens the link: the degree without any ID number, and until when the report is valid.
      const stranger = await strangerPage();
      try {
        await stranger.page.goto(`${base}/verify/${code}`);
        const result = stranger.page.getByTestId('verify-result');
        await result.waitFor();
        assert.equal(await result.getByTestId('fact-id-number').count(), 0, 'no ID number, not even masked');
        assert.equal((await result.getByTestId('fact-name').innerText()).trim(), LI_HUA.name);
        assert.equal((await result.getByTestId('fact-school').innerText()).trim(), '清华大学');
        assert.equal(await stranger.page.getByText('310199').count(), 0, 'not even the masked number');
        assert.match(await result.getByTestId('report-valid-until').innerText(), /^本报告有效期至 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（北京时间）。$/);
        assert.equal(await stranger.page.getByText(LI_HUA.idNumber).count(), 0, 'the full ID number is nowhere on the public page');
        await assertFitsThePhone(stranger.page, 'the public verify page');
        t.diagnostic(`screenshot: ${await screenshot(stranger.page, 'verify-mobile')}`);

        // The code as people type it: lower case, spaces, hyphens.
        await stranger.page.goto(`${base}/verify`);
        const typed = `${code.slice(0, 4).toLowerCase()} ${code.slice(4, 8)}-${code.slice(8).toLowerCase()}`;
        await typeInto(stranger.page, '验证码', typed);
        await stranger.page.keyboard.press('Enter');
        await stranger.page.waitForURL((url) => url.pathname === `/verify/${code}`);
        await stranger.page.getByTestId('verify-result').waitFor();

        // 李华 revokes the report (after a confirmation)…
        await page.goto(`${base}/me/reports`);
        await item.getByRole('button', { name: /撤销/ }).click();
        const dialog = page.getByRole('dialog', { name: '撤销验证报告？' });
        await dialog.waitFor();
        assert.match(await dialog.innerText(), new RegExp(shownCode));
        t.diagnostic(`screenshot: ${await screenshot(page, 'revoke-dialog-mobile', { fullPage: false })}`);
        await dialog.getByRole('button', { name: '确定撤销' }).click();
        await item.getByTestId('report-notice').waitFor();
        assert.equal((await item.getByTestId('report-state').innerText()).replace('状态：', '').trim(), '已撤销');
        assert.equal(await item.getByRole('button', { name: /撤销/ }).count(), 0);
        assert.equal(await item.getByRole('button', { name: /复制链接/ }).count(), 0);

        // …and the public page says so.
        await stranger.page.reload();
        const failure = stranger.page.getByTestId('verify-failure');
        await failure.waitFor();
        assert.match(await failure.innerText(), /验证报告已撤销/);
        assert.equal(await stranger.page.getByTestId('verify-result').count(), 0);
        t.diagnostic(`screenshot: ${await screenshot(stranger.page, 'verify-revoked-mobile')}`);

        // The public degree check: certificate number and name.
        await stranger.page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '学历查询' }).click();
        await stranger.page.getByRole('heading', { level: 1, name: '学历查询' }).waitFor();
        await typeInto(stranger.page, '证书编号', LI_HUA.certificateNo);
        await typeInto(stranger.page, '姓名', LI_HUA.name);
        await stranger.page.getByRole('button', { name: '查询' }).click();
        const verdict = stranger.page.getByTestId('degree-check-verdict');
        await verdict.waitFor();
        assert.match(await verdict.innerText(), /有效/);
        const checked = stranger.page.getByTestId('degree-check-result');
        assert.equal((await checked.getByTestId('fact-school').innerText()).trim(), '清华大学');
        assert.equal((await checked.getByTestId('fact-id-number').innerText()).trim(), '310199********022X');
        await assertFitsThePhone(stranger.page, 'the degree check');
        t.diagnostic(`screenshot: ${await screenshot(stranger.page, 'degree-check-mobile')}`);

        // A name that does not go with the number: not found, with what to check.
        await typeInto(stranger.page, '姓名', '王小明');
        await stranger.page.getByRole('button', { name: '查询' }).click();
        await stranger.page.getByTestId('degree-check-not-found').waitFor();
        assert.match(
          await stranger.page.getByTestId('degree-check-not-found').innerText(),
          /未查到与该证书编号和姓名一致的学历信息/,
        );
        assert.deepEqual(stranger.errors, [], 'the public pages raised no errors');
      } finally {
        await stranger.context.close();
      }
    },
    { allowConsole: EXPECTED_HTTP_ERRORS },
  );
});

test('张伟 reads his two enrollments: 在籍 with 资格待查, and 毕业 (phone)', { timeout: 60_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await logInAs(page, base, zhangWei);
    await page.getByRole('navigation', { name: '我的服务' }).getByRole('link', { name: '学籍信息' }).click();
    await page.waitForURL((url) => url.pathname === '/me/enrollments');
    const cards = page.getByTestId('enrollment-card');
    await cards.first().waitFor();
    assert.equal(await cards.count(), 2);

    const current = cards.filter({ hasText: '四川大学' });
    assert.equal(await current.getAttribute('data-status'), 'enrolled');
    assert.equal((await current.getByTestId('enrollment-status').innerText()).replace('学籍状态：', '').trim(), '在籍');
    await current.getByTestId('qualification-pending').waitFor();
    assert.match(await current.getByTestId('qualification-pending-note').innerText(), /资格待查/);
    assert.equal((await current.getByTestId('fact-student-no').innerText()).trim(), '2305110004');

    const earlier = cards.filter({ hasText: '深圳职业技术大学' });
    assert.equal(await earlier.getAttribute('data-status'), 'graduated');
    assert.equal(await earlier.getByTestId('qualification-pending').count(), 0);

    // The two statuses look different (colour), and each says its word.
    const tones = await cards.getByTestId('enrollment-status').evaluateAll((badges) => badges.map((b) => getComputedStyle(b).backgroundColor));
    assert.notEqual(tones[0], tones[1]);

    // The owner's ID number: masked until 显示, and 隐藏 again.
    const id = current.getByTestId('id-number-value');
    assert.equal(await id.innerText(), '510199********0331');
    const toggle = current.getByRole('button', { name: /完整身份证号/ });
    assert.match(await toggle.innerText(), /^显示/);
    await toggle.click();
    assert.equal(await id.innerText(), ZHANG_WEI.idNumber);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.match(await toggle.innerText(), /^隐藏/);
    await toggle.click();
    assert.equal(await id.innerText(), '510199********0331');

    await assertFitsThePhone(page, '/me/enrollments');
    t.diagnostic(`screenshot: ${await screenshot(page, 'enrollments-mobile')}`);
  });
});

test('the public pages need no account, and explain a code that cannot be one (phone)', { timeout: 60_000 }, async (t) => {
  await withPage(t, async (page, base) => {
    await page.goto(`${base}/verify/abcd-1234`);
    const failure = page.getByTestId('verify-failure');
    await failure.waitFor();
    assert.match(await failure.innerText(), /验证码格式不对/);
    // Nothing was asked of the server for it (public lookups are rate-limited).
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '在线验证' }).waitFor();
    await assertFitsThePhone(page, '/verify with a malformed code');
  });
});
