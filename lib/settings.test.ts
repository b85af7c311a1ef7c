import { afterEach, describe, expect, it } from 'vitest';
import {
  azureSettings,
  checkSettings,
  databaseSettings,
  env,
  jitSettings,
  jobSettings,
  outboxSettings,
  SettingsError,
  webSettings,
} from '@/lib/settings';

const signIn = {
  DATABASE_URL: 'postgres://portal@127.0.0.1/portal',
  PORTAL_SECRET: 'x'.repeat(32),
  ENTRA_TENANT_ID: 'tenant',
  ENTRA_CLIENT_ID: 'client',
  ENTRA_CLIENT_SECRET: 'secret',
};

describe('settings', () => {
  afterEach(() => {
    delete process.env.OUTBOX_POLL_MS;
  });

  it('fills in the documented defaults when nothing is set', () => {
    expect(jobSettings({})).toMatchObject({ OUTBOX_POLL_MS: 2000, PORTAL_JOBS: 'on', amlSyncCron: '*/30 * * * *', AML_SYNC_WORKERS: 2 });
    expect(databaseSettings({})).toEqual({ DATABASE_POOL_MAX: 10 });
    expect(webSettings({})).toMatchObject({ PORT: 3000, baseUrl: 'http://localhost:3000' });
    expect(azureSettings({})).toMatchObject({
      endpoint: 'https://management.azure.com',
      configured: false,
      fake: false,
      retry: { maxRetries: 4, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000 },
      maxInlineRetryAfterMs: 60_000,
    });
    expect(jitSettings({})).toMatchObject({ JIT_MIN_DURATION_SECONDS: 300, minDurationSeconds: 300, JIT_AZURE_ENFORCEMENT: false });
    expect(outboxSettings({}).SMTP_FROM).toBe('ML Governance Portal <no-reply@localhost>');
  });

  it('leases claimed outbox messages for 60 s unless told otherwise, never under 5 s', () => {
    expect(jobSettings({}).OUTBOX_LEASE_SECONDS).toBe(60);
    expect(jobSettings({ OUTBOX_LEASE_SECONDS: '5' }).OUTBOX_LEASE_SECONDS).toBe(5);
    expect(() => jobSettings({ OUTBOX_LEASE_SECONDS: '1' })).toThrow(/OUTBOX_LEASE_SECONDS/);
  });

  it('treats an empty value as unset', () => {
    expect(jobSettings({ OUTBOX_POLL_MS: '', AML_SYNC_CRON: ' ' }).OUTBOX_POLL_MS).toBe(2000);
    expect(databaseSettings({ DATABASE_POOL_MAX: '  ' }).DATABASE_POOL_MAX).toBe(10);
  });

  it('refuses a value that is not a number, naming the variable', () => {
    expect(() => jobSettings({ OUTBOX_POLL_MS: 'soon' })).toThrow(SettingsError);
    expect(() => jobSettings({ OUTBOX_POLL_MS: 'soon' })).toThrow(/OUTBOX_POLL_MS/);
    expect(() => databaseSettings({ DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
    expect(() => jitSettings({ JIT_ACTIVATION_WINDOW_HOURS: '1.5' })).toThrow(/JIT_ACTIVATION_WINDOW_HOURS/);
    expect(() => azureSettings({ AZURE_ARM_MAX_RETRIES: '-1' })).toThrow(/AZURE_ARM_MAX_RETRIES/);
  });

  it('refuses malformed URLs, switches and a stand-in that is not on this machine', () => {
    expect(() => outboxSettings({ NOTIFY_WEBHOOK_URL: 'not a url' })).toThrow(/NOTIFY_WEBHOOK_URL/);
    expect(() => jobSettings({ PORTAL_JOBS: 'no' })).toThrow(/PORTAL_JOBS/);
    expect(() => azureSettings({ PORTAL_FAKE_ARM_URL: 'https://arm.example.com' })).toThrow(
      /PORTAL_FAKE_ARM_URL: must point at this machine/,
    );
    expect(azureSettings({ PORTAL_FAKE_ARM_URL: 'https://127.0.0.1:9444/' })).toMatchObject({
      endpoint: 'https://127.0.0.1:9444',
      fake: true,
      configured: true,
    });
  });

  it('gives every reader the same base URL', () => {
    expect(outboxSettings({}).baseUrl).toBe(env(signIn).baseUrl);
    const configured = { ...signIn, PORTAL_BASE_URL: 'https://portal.example.com/' };
    expect(outboxSettings(configured).baseUrl).toBe('https://portal.example.com');
    expect(env(configured)).toMatchObject({ baseUrl: 'https://portal.example.com', secure: true });
  });

  it('turns the AML sync off with "off"', () => {
    expect(jobSettings({ AML_SYNC_CRON: 'off' }).amlSyncCron).toBeNull();
    expect(jobSettings({ AML_SYNC_CRON: '0 * * * *' }).amlSyncCron).toBe('0 * * * *');
  });

  it('reads the process environment on each call, so a test can change it', () => {
    process.env.OUTBOX_POLL_MS = '750';
    expect(jobSettings().OUTBOX_POLL_MS).toBe(750);
    process.env.OUTBOX_POLL_MS = '900';
    expect(jobSettings().OUTBOX_POLL_MS).toBe(900);
  });

  it('checks every section at once and names each bad variable', () => {
    expect(() => checkSettings({})).not.toThrow();
    let message = '';
    try {
      checkSettings({ OUTBOX_POLL_MS: 'x', JIT_AZURE_MAX_ATTEMPTS: '500', PORT: 'eighty', PORTAL_IDP_PORT: '70000' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration: /);
    expect(message).toContain('OUTBOX_POLL_MS');
    expect(message).toContain('JIT_AZURE_MAX_ATTEMPTS');
    expect(message).toContain('PORT:');
    expect(message).toContain('PORTAL_IDP_PORT');
  });

  it('requires the sign-in settings only where asked', () => {
    expect(() => checkSettings({}, { signIn: true })).toThrow(/ENTRA_TENANT_ID: is not set/);
    expect(() => checkSettings({ ...signIn, PORTAL_SECRET: 'short' }, { signIn: true })).toThrow(
      /PORTAL_SECRET: must be at least 32 characters/,
    );
    expect(() => checkSettings(signIn, { signIn: true })).not.toThrow();
  });
});
