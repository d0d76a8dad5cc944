import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// Served by the server under /console/; every /console/* path without a file gets index.html.
export default defineConfig({
  base: '/console/',
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true },
});
