/** The root test config: vitest 4 runs each package's own config as a project. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/protocol', 'packages/client', 'packages/widget', 'apps/server', 'apps/console'],
  },
});
