/** The widget's tests: pure logic in node, and the size budget over the built dist/. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'widget', include: ['test/**/*.test.ts'], environment: 'node' },
});
