// Browser smoke test: the real backend binary serving the built SPA, driven by Chromium.
//
// Environment (XUEXIN_BIN, APP_SPA_DIR, CHROMIUM_PATH, CI): see support/server.mjs.
// Screenshots go to tests/browser/artifacts/ (gitignored).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  DESKTOP,
  haveChromium,
  horizontalOverflow,
  launchBrowser,
  PHONE,
  screenshot,
  startServer,
  stopServer,
  withPage as withFreshPage,
} from './support/server.mjs';

/** @type {import('./support/server.mjs').Server | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;

const withPage = (t, viewport, body) => withFreshPage(t, { browser, server, viewport }, body);

before(async () => {
  if (!haveChromium) return;
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServer(server);
});

test('home page on a phone shows the service as healthy', { timeout: 60_000 }, async (t) => {
  await withPage(t, PHONE, async (page, base) => {
    await page.goto(`${base}/`);
    const status = page.locator('[data-testid=health-status][data-state=ok]');
    await status.waitFor();
    assert.match(await status.innerText(), /服务正常/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.match(await page.title(), /学信网/);
    // Mobile-first: nothing wider than the phone's screen.
    const overflow = await horizontalOverflow(page);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the 375px viewport`);

    t.diagnostic(`screenshot: ${await screenshot(page, 'home-mobile')}`);
  });
});

test('an unknown path gets the SPA and its 页面不存在 page', { timeout: 60_000 }, async (t) => {
  await withPage(t, PHONE, async (page, base) => {
    const response = await page.goto(`${base}/no-such-page`);
    assert.ok(response, 'no response');
    assert.equal(response.status(), 200, 'the backend should answer client routes with index.html');
    assert.match(response.headers()['content-type'] ?? '', /text\/html/);
    await page.getByRole('heading', { level: 1, name: '页面不存在' }).waitFor();
    await page.getByRole('link', { name: '返回首页' }).click();
    await page.locator('[data-testid=health-status]').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
  });
});

test('the first Tab from the top focuses the skip link', { timeout: 60_000 }, async (t) => {
  await withPage(t, DESKTOP, async (page, base) => {
    await page.goto(`${base}/`);
    await page.locator('[data-testid=health-status]').waitFor();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const box = el?.getBoundingClientRect();
      return { text: el?.textContent?.trim(), href: el?.getAttribute('href'), top: box?.top, bottom: box?.bottom };
    });
    assert.equal(focused.text, '跳到主要内容');
    assert.equal(focused.href, '#main');
    assert.ok(focused.bottom > 0 && focused.top >= 0, `the focused skip link is off screen (${JSON.stringify(focused)})`);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  });
});
