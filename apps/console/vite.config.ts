import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Served by the server under /console/; every /console/* path without a file gets index.html.
// No module-preload polyfill: every browser the console supports preloads modules itself, and the
// CSP (script-src 'self', edges/http/security-headers.ts) wants nothing but our own files.
export default defineConfig({
  base: '/console/',
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, modulePreload: { polyfill: false } },
});
