#!/usr/bin/env node
// Gzipped JavaScript a first visit to a route downloads: the entry chunk, the route's lazy
// module, and every chunk they import statically (each counted once). Builds with a manifest
// into a temporary folder (dist/ is left alone) and fails when the registration routes (every
// step from 注册 to 注册完成, and 登录, where an unfinished registration continues) together
// exceed the budget.
//
//   npm run size
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET_KB = 200;
/** Route → its module in src/app/routes (as in route-table.ts). */
const ROUTES = {
  '/register': 'src/app/routes/register.tsx',
  '/register/check-email': 'src/app/routes/register-check-email.tsx',
  '/activate': 'src/app/routes/activate.tsx',
  '/register/identity': 'src/app/routes/register-identity.tsx',
  '/register/phone': 'src/app/routes/register-phone.tsx',
  '/register/confirm': 'src/app/routes/register-confirm.tsx',
  '/register/done': 'src/app/routes/register-done.tsx',
  '/login': 'src/app/routes/login.tsx',
  '/me': 'src/app/routes/me.tsx',
  '/me/enrollments': 'src/app/routes/me-enrollments.tsx',
  '/me/degrees': 'src/app/routes/me-degrees.tsx',
  '/me/reports': 'src/app/routes/me-reports.tsx',
  '/me/reports/:code/print': 'src/app/routes/me-report-print.tsx',
  '/verify, /verify/:code': 'src/app/routes/verify.tsx',
  '/degree-check': 'src/app/routes/degree-check.tsx',
  '/staff/login': 'src/app/routes/staff-login.tsx',
  '/staff': 'src/app/routes/staff.tsx',
  '/staff/imports': 'src/app/routes/staff-imports.tsx',
  '/staff/support': 'src/app/routes/staff-support.tsx',
  '/staff/support/accounts/:id': 'src/app/routes/staff-support-account.tsx',
  '/staff/audit': 'src/app/routes/staff-audit.tsx',
  '/staff/accounts': 'src/app/routes/staff-accounts.tsx',
  '/staff/students': 'src/app/routes/staff-students.tsx',
  '/staff/enrollments/:id': 'src/app/routes/staff-enrollment.tsx',
  '/staff/change-requests': 'src/app/routes/staff-change-requests.tsx',
  '/staff/change-requests/:id': 'src/app/routes/staff-change-request.tsx',
  '/staff/image-batches': 'src/app/routes/staff-image-batches.tsx',
  '/staff/images': 'src/app/routes/staff-images.tsx',
  '/staff/images/:id': 'src/app/routes/staff-image.tsx',
  '/staff/collation-requests': 'src/app/routes/staff-collation-requests.tsx',
};
/** The registration, end to end: from 注册 to 注册完成, and 登录. */
const BUDGETED = Object.keys(ROUTES).filter((route) => route.startsWith('/register') || route === '/activate' || route === '/login');
/**
 * The public pages a checker opens from a link or a printed QR code on a phone, without an
 * account: each alone (entry + its chunks) must stay small.
 */
const PUBLIC_ROUTES = ['/verify, /verify/:code', '/degree-check'];
const PUBLIC_BUDGET_KB = 120;

const out = mkdtempSync(join(tmpdir(), 'xuexin-size-'));
try {
  await build({ root, logLevel: 'warn', build: { outDir: out, emptyOutDir: true, manifest: true } });
  const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8'));
  const gz = new Map();
  const gzipOf = (file) => {
    if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(out, file)), { level: 9 }).length);
    return gz.get(file);
  };
  /** The JS files of `key` and its static imports. */
  const closure = (key, files = new Set()) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build manifest`);
    if (files.has(chunk.file)) return files;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) closure(imported, files);
    return files;
  };
  const entry = closure('index.html');
  const sum = (files) => [...files].reduce((total, file) => total + gzipOf(file), 0);
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

  console.log(`entry (index.html + static imports): ${kb(sum(entry))} gzipped, ${entry.size} file(s)`);
  const all = new Set(entry);
  for (const [route, module] of Object.entries(ROUTES)) {
    const own = new Set([...closure(module)].filter((file) => !entry.has(file)));
    if (BUDGETED.includes(route)) for (const file of own) all.add(file);
    console.log(`${route.padEnd(24)} entry + ${kb(sum(own)).padStart(8)} route chunks = ${kb(sum(entry) + sum(own))}`);
    if (PUBLIC_ROUTES.includes(route) && sum(entry) + sum(own) > PUBLIC_BUDGET_KB * 1024) {
      console.error(`${route} is over its budget of ${PUBLIC_BUDGET_KB} KB`);
      process.exitCode = 1;
    }
  }
  // The staff screens (features/staff) must stay in their own chunks: nothing of them in the
  // entry or in a student route's files. (The staff session's small reader, src/lib/staff, is in
  // the entry on purpose: the header offers 退出（工作人员） when a staff session is open.) The marker
  // is text only the staff accounts screen has.
  const STAFF_MARKER = '生成一次性设置链接';
  for (const [route, module] of Object.entries(ROUTES)) {
    if (route.startsWith('/staff')) continue;
    for (const file of new Set([...entry, ...closure(module)])) {
      if (readFileSync(join(out, file), 'utf8').includes(STAFF_MARKER)) {
        console.error(`${route}: ${file} contains staff code (${STAFF_MARKER})`);
        process.exitCode = 1;
      }
    }
  }
  const total = sum(all);
  console.log(`\nthe registration routes (${BUDGETED.join(', ')}) together (entry once): ${kb(total)} gzipped; budget ${BUDGET_KB} KB`);
  console.log(`each public page (${PUBLIC_ROUTES.join('; ')}): budget ${PUBLIC_BUDGET_KB} KB`);
  if (total > BUDGET_KB * 1024) {
    console.error(`over budget by ${kb(total - BUDGET_KB * 1024)}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
