import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', 'node_modules/**', '.data/**', 'lib/generated/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'] },
  // Playwright fixtures receive a `use` callback that is not React's hook.
  { files: ['e2e/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]",
          message: 'Focused tests silence the rest of the suite.',
        },
      ],
    },
  },
  // Settings are read and validated in one place (lib/settings.ts); the dev harness and tests may
  // set or read the environment themselves.
  {
    files: ['app/**', 'components/**', 'lib/**', 'proxy.ts', 'instrumentation.ts'],
    ignores: ['lib/settings.ts', 'lib/generated/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through lib/settings.ts, where they are declared and validated.' },
      ],
    },
  },
  // The demo's stand-ins (dev/) must never reach the production app: app/, components/ and lib/
  // may not import them. The start script, tests, e2e, the bench and dev/ itself may.
  {
    files: ['app/**', 'components/**', 'lib/**', 'proxy.ts', 'instrumentation.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/dev', '@/dev/*', '**/dev/idp*', '**/dev/azure*', '**/dev/tls*', '**/dev/postgres*'],
              message: 'dev/ holds the demo and test stand-ins; production code must not import them.',
            },
          ],
        },
      ],
    },
  },
];

export default config;
