import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${PORT}`;

/**
 * E2E in Debian's Chromium against the production build, served by the same start script as
 * `npm start` (embedded Postgres + demo data + the local identity provider), in a fresh data folder.
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL,
    ignoreHTTPSErrors: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    },
  },
  webServer: {
    command: 'node --import tsx scripts/start.ts --fresh',
    // SIGTERM lets the start script stop the app, the identity provider and Postgres in order.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    url: `${baseURL}/signed-out`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      PORTAL_DATA_DIR: '.data/e2e',
      PORTAL_IDP_PORT: String(Number(process.env.E2E_IDP_PORT ?? 9643)),
      NEXT_TELEMETRY_DISABLED: '1',
      SESSION_IDLE_MINUTES: '60',
      // Lets the JIT specs ask for grants of seconds, to watch one expire (never set outside tests).
      PORTAL_ALLOW_SHORT_JIT: '1',
      // Syncs happen when a spec asks: a scheduled pass could re-sync a workspace mid-spec.
      AML_SYNC_CRON: 'off',
    },
  },
});
