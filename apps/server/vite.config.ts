/**
 * Builds what production runs: dist/main.js (`pnpm start`) and dist/cli.js (`pnpm parley`), plain
 * JavaScript for `node`. Workspace packages are TypeScript source, so they are bundled in; every
 * node_modules dependency stays an import, resolved at runtime from this package (better-sqlite3
 * is native, and the GeoIP databases are found with require.resolve).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  ssr: { noExternal: [/^@parley\//] },
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      input: { main: 'src/main.ts', cli: 'src/cli.ts' },
      output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
