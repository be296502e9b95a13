// Shared by the browser tests: the real backend binary serving the built SPA (each test file
// starts its own, on a free port, with a fresh SQLite database in a temp folder), Chromium, and a
// page helper that saves a screenshot and prints the server log when a test fails.
//
//   XUEXIN_BIN    backend binary   (default: <repo>/target/debug/xuexin)
//   APP_SPA_DIR   built SPA        (default: <repo>/frontend/dist)
//   CHROMIUM_PATH Chromium         (default: /usr/bin/chromium; missing = skip, or fail when CI=true)
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const browserTestsDir = path.resolve(here, '..');
const repo = path.resolve(browserTestsDir, '../..');
const bin = process.env.XUEXIN_BIN ? path.resolve(process.env.XUEXIN_BIN) : path.join(repo, 'target/debug/xuexin');
const spaDir = path.resolve(process.env.APP_SPA_DIR ?? path.join(repo, 'frontend/dist'));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const artifacts = path.join(browserTestsDir, 'artifacts');
export const inCI = process.env.CI === 'true';
export const haveChromium = existsSync(chromiumPath);

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 800 };
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function freePort() {
  const probe = createServer();
  await new Promise((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * @typedef {{ base: string, tmp: string, db: string, log: string,
 *   child: import('node:child_process').ChildProcess, exited: Promise<void>,
 *   env: Record<string, string> }} Server   `env`: what the server was started with (its database, data folder, …)
 */

/** Thrown when the chosen port was taken between choosing and binding it. */
class PortTaken extends Error {}

/**
 * Starts `xuexin serve` with `APP_ENV=dev` and a fresh database; resolves once it answers
 * `/health`. `env` adds or overrides variables.
 *
 * The port must be known before the start (the server puts `APP_PUBLIC_URL` into mailed links),
 * so it is chosen free and then bound by the server: another test file may take it in between.
 * So a server only counts as started once its own log says it listens on that port (not merely
 * when something answers there), and one that finds the port taken is started again on another.
 * @returns {Promise<Server>}
 */
export async function startServer(env = {}) {
  if (!existsSync(bin)) {
    throw new Error(`backend binary not found at ${bin}: build it (cargo build) or set XUEXIN_BIN`);
  }
  if (!existsSync(path.join(spaDir, 'index.html'))) {
    throw new Error(`built SPA not found in ${spaDir}: run "npm run build" in frontend/ or set APP_SPA_DIR`);
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await launch(await freePort(), env);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 5) throw error;
    }
  }
}

/** @returns {Promise<Server>} */
async function launch(port, env) {
  const base = `http://127.0.0.1:${port}`;
  const tmp = mkdtempSync(path.join(tmpdir(), 'xuexin-browser-'));
  const db = path.join(tmp, 'xuexin.db');
  const log = path.join(tmp, 'server.log');
  const logFd = openSync(log, 'a');
  const serverEnv = {
    APP_LISTEN: `127.0.0.1:${port}`,
    APP_PUBLIC_URL: base,
    DATABASE_URL: `sqlite://${db}`,
    APP_DATA_DIR: tmp,
    APP_SPA_DIR: spaDir,
    APP_DEMO_DATA: 'false',
    APP_ENV: 'dev',
    ...env,
  };
  // The start-up line ("xuexin listening on …") is logged at info: keep it whatever APP_LOG says.
  const logFilter = `${serverEnv.APP_LOG ?? process.env.APP_LOG ?? 'info,xuexin=debug'},xuexin=info`;
  const child = spawn(bin, ['serve'], {
    env: { ...process.env, ...serverEnv, APP_LOG: logFilter },
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
  const server = { base, tmp, db, log, child, exited, env: serverEnv };
  const readLog = () => {
    try {
      return readFileSync(log, 'utf8');
    } catch {
      return '';
    }
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exitCode !== null) {
      if (/address already in use/i.test(readLog())) {
        rmSync(tmp, { recursive: true, force: true });
        throw new PortTaken(`port ${port} was taken before the server bound it`);
      }
      printServerLog(server, 'start-up failed');
      throw new Error(`xuexin exited before answering /health (exit: ${exitCode})`);
    }
    if (readLog().includes(`listening on ${base}`)) {
      try {
        await fetch(`${base}/health`, { signal: AbortSignal.timeout(2_000) });
        return server; // our own server, bound to the port, answers
      } catch {
        // bound, not answering yet
      }
    }
    await sleep(200);
  }
  printServerLog(server, 'start-up timed out');
  throw new Error(`xuexin did not answer GET ${base}/health within 60 s`);
}

/**
 * Runs the backend's command line (e.g. `staff create …`) against the server's database, with
 * the server's environment; resolves with its output, rejects when it exits non-zero.
 * @returns {Promise<{ stdout: string, stderr: string }>}
 */
export function runCli(server, args) {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { env: { ...process.env, ...server.env }, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`xuexin ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its temp folder. */
export async function stopServer(server) {
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

export function printServerLog(server, why) {
  let text;
  try {
    text = readFileSync(server.log, 'utf8') || '(empty)';
  } catch (error) {
    text = `(no log: ${error})`;
  }
  console.error(`\n----- xuexin server log (${why}) -----\n${text}\n----- end of server log -----\n`);
}

export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

/** Chromium is required in CI; elsewhere a missing Chromium skips the test. */
export function chromiumAvailable(t) {
  if (haveChromium) return true;
  const message = `Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
  if (inCI) assert.fail(`${message}; it is required when CI=true`);
  t.skip(message);
  return false;
}

/**
 * Runs `body(page, base)` with a fresh page in a fresh context. On failure it saves a screenshot
 * and prints the server log. The page must raise no uncaught errors and log no console errors
 * (apart from messages matching `allowConsole`, e.g. the browser's own line for an expected 401).
 */
export async function withPage(t, { browser, server, viewport, allowConsole = [] }, body) {
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
    if (message.type() !== 'error') return;
    const text = message.text();
    if (allowConsole.some((pattern) => pattern.test(text))) return;
    problems.push(`console error: ${text}`);
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
    printServerLog(server, `test "${t.name}" failed`);
    throw error;
  } finally {
    await context.close();
  }
}

/**
 * Saves a screenshot into artifacts/ and returns its path: the full page, or with
 * `{ fullPage: false }` what the viewport shows (e.g. a modal dialog over the page).
 */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** How far the page is wider than its viewport (should be ≤ 0 on a phone). */
export function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
