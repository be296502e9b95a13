import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The backend (`make run`) listens here; the dev server forwards everything that is not the SPA.
const backend = 'http://127.0.0.1:8080';
const backendPrefixes = ['/api', '/health', '/api-docs', '/docs', '/dev'];
const here = fileURLToPath(new URL('.', import.meta.url));
// Unit tests read the contract (`../openapi.yaml?raw`), so under Vitest (only) the repository
// root is readable; the dev server keeps Vite's default (frontend/ only).
const fsAllow = process.env.VITEST ? { allow: [here, fileURLToPath(new URL('..', import.meta.url))] } : undefined;

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    fs: fsAllow,
    // `^/api(/|\?|$)` and not a bare `/api` prefix, so that `/api-docs` and `/developer` are not swallowed by the wrong rule.
    proxy: Object.fromEntries(
      backendPrefixes.map((prefix) => [`^${prefix}(/|\\?|$)`, { target: backend }]),
    ),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/testing/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
