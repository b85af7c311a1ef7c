import path from 'node:path';
import { defineConfig } from 'vitest/config';

// 'server-only' throws outside React Server Components; tests import server modules directly.
const alias = {
  '@': path.resolve(import.meta.dirname),
  'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
};
const exclude = ['node_modules/**', '.next/**', '.data/**', 'e2e/**', 'lib/generated/**'];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...exclude, '**/*.int.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude,
          environment: 'node',
          globalSetup: ['tests/integration/global-setup.ts', 'tests/integration/dev-azure-ca.ts'],
          setupFiles: ['tests/integration/database.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
