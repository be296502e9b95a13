// Browser smoke test: the real backend binary serving the built SPA, driven by Chromium.
//
//   XUEXIN_BIN    backend binary   (default: <repo>/target/debug/xuexin)
//   APP_SPA_DIR   built SPA        (default: <repo>/frontend/dist)
//   CHROMIUM_PATH Chromium         (default: /usr/bin/chromium; missing = skip, or fail when CI=true)
//
// Screenshots go to tests/browser/artifacts/ (gitignored).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const bin = process.env.XUEXIN_BIN ? path.resolve(process.env.XUEXIN_BIN) : path.resolve(here, '../../target/debug/xuexin');
const spaDir = path.resolve(process.env.APP_SPA_DIR ?? path.join(repo, 'frontend/dist'));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifacts = path.join(here, 'artifacts');
const inCI = process.env.CI === 'true';
const haveChromium = existsSync(chromiumPath);

const PHONE = { width: 375, height: 812 };
const DESKTOP = { width: 1280, height: 800 };
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** @type {{ base: string, tmp: string, log: string, child: import('node:child_process').ChildProcess, exited: Promise<void> } | undefined} */
let server;
/** @type {import('playwright-core').Browser | undefined} */
let browser;

async function freePort() {
  const probe = createServer();
  await new Promise((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function serverLog() {
  if (!server) return '(server not started)';
  try {
    return readFileSync(server.log, 'utf8') || '(empty)';
  } catch (error) {
    return `(no log: ${error})`;
  }
}

function printServerLog(why) {
  console.error(`\n----- xuexin server log (${why}) -----\n${serverLog()}\n----- end of server log -----\n`);
}

async function startServer() {
  if (!existsSync(bin)) {
    throw new Error(`backend binary not found at ${bin}: build it (cargo build) or set XUEXIN_BIN`);
  }
  if (!existsSync(path.join(spaDir, 'index.html'))) {
    throw new Error(`built SPA not found in ${spaDir}: run "npm run build" in frontend/ or set APP_SPA_DIR`);
  }
  const port = await freePort();
  const tmp = mkdtempSync(path.join(tmpdir(), 'xuexin-browser-'));
  const log = path.join(tmp, 'server.log');
  const logFd = openSync(log, 'a');
  const child = spawn(bin, [], {
    env: {
      ...process.env,
      APP_LISTEN: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${tmp}/xuexin.db`,
      APP_DATA_DIR: tmp,
      APP_SPA_DIR: spaDir,
      APP_DEMO_DATA: 'false',
      APP_ENV: 'dev',
    },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  let exitCode = null;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? signal;
      resolve();
    });
    child.once('error', (error) => {
      exitCode = String(error);
      resolve();
    });
  });
  server = { base: `http://127.0.0.1:${port}`, tmp, log, child, exited };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exitCode !== null) throw new Error(`xuexin exited before answering /health (exit: ${exitCode})`);
    try {
      await fetch(`${server.base}/health`, { signal: AbortSignal.timeout(2_000) });
      return; // any HTTP answer: the server is up
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`xuexin did not answer GET ${server.base}/health within 60 s`);
}

async function stopServer() {
  if (!server) return;
  const { child, exited, tmp } = server;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(5_000, false, { ref: false })]);
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  rmSync(tmp, { recursive: true, force: true });
}

/** Chromium is required in CI; elsewhere a missing Chromium skips the test. */
function chromiumAvailable(t) {
  if (haveChromium) return true;
  const message = `Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (inCI) assert.fail(`${message}; it is required when CI=true`);
  t.skip(message);
  return false;
}

/**
 * Runs `body` with a fresh page. On failure it saves a screenshot and prints the server log.
 * The page must raise no uncaught errors and log no console errors.
 */
async function withPage(t, viewport, body) {
  if (!chromiumAvailable(t)) return;
  assert.ok(browser && server, 'setup failed (see the error of the before hook)');
  const context = await browser.newContext({
    viewport,
    locale: 'zh-CN',
    ...(viewport.width < 600 && { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  try {
    await body(page, server.base);
    assert.deepEqual(problems, [], 'the page reported errors');
  } catch (error) {
    mkdirSync(artifacts, { recursive: true });
    const shot = path.join(artifacts, `failed-${t.name.replace(/[^\w-]+/g, '-')}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    console.error(`screenshot of the failure: ${shot}`);
    if (problems.length) console.error(problems.join('\n'));
    printServerLog(`test "${t.name}" failed`);
    throw error;
  } finally {
    await context.close();
  }
}

before(async () => {
  if (!haveChromium) return;
  try {
    await startServer();
  } catch (error) {
    printServerLog('start-up failed');
    throw error;
  }
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await stopServer();
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
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the 375px viewport`);

    mkdirSync(artifacts, { recursive: true });
    const shot = path.join(artifacts, 'home-mobile.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.diagnostic(`screenshot: ${shot}`);
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
