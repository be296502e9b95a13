#!/usr/bin/env node
// Fails when src/api/schema.d.ts is not what `npm run gen:api` would write from ../openapi.yaml.
// It runs the same openapi-typescript CLI with the same arguments (only the output path differs)
// and compares the raw bytes, so no formatter can make the two differ.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'src/api/schema.d.ts');
const tmp = mkdtempSync(join(tmpdir(), 'xuexin-check-api-'));
const fresh = join(tmp, 'schema.d.ts');

try {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules/openapi-typescript/package.json'), 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['openapi-typescript'];
  const cli = join(root, 'node_modules/openapi-typescript', bin);
  const run = spawnSync(process.execPath, [cli, '../openapi.yaml', '-o', fresh], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    process.stderr.write((run.stdout ?? '') + (run.stderr ?? '') + (run.error ? `${run.error}\n` : ''));
    console.error('check:api: openapi-typescript failed');
    process.exitCode = 1;
  } else {
    let current;
    try {
      current = readFileSync(committed);
    } catch {
      current = Buffer.alloc(0);
    }
    if (current.equals(readFileSync(fresh))) {
      console.log('src/api/schema.d.ts is up to date with ../openapi.yaml');
    } else {
      console.error('src/api/schema.d.ts is out of date: run make client');
      process.exitCode = 1;
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
