/**
 * Liveness and readiness for an orchestrator's probes (/api/health/live, /api/health/ready).
 * Each test file has its own database, migrated like production; the job runner is not started
 * in the integration tier, so readiness is checked with jobs on (not started) and off.
 */
import { mkdtempSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GET as live } from '@/app/api/health/live/route';
import { GET as ready } from '@/app/api/health/ready/route';
import { checkReadiness } from '@/lib/health/readiness';
import { ZLive, ZReadiness } from '@/lib/health/schema';
import { shutdownState } from '@/lib/runtime/shutdown';

const saved = process.env.PORTAL_JOBS;
afterEach(() => {
  if (saved === undefined) delete process.env.PORTAL_JOBS;
  else process.env.PORTAL_JOBS = saved;
});

describe('[HEALTH] liveness and readiness', () => {
  it('live answers 200 without touching the database', async () => {
    const res = live();
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    expect(ZLive.parse(body)).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('ready: 200 when the database answers, every shipped migration is applied and this instance runs no jobs', async () => {
    process.env.PORTAL_JOBS = 'off';
    const res = await ready();
    const body = ZReadiness.parse(await res.json());
    expect(body).toEqual({ status: 'ready', database: 'ok', migrations: 'applied', jobs: 'off' });
    expect(res.status).toBe(200);
  });

  it('ready: 503 while the job runner of a jobs instance has not started', async () => {
    process.env.PORTAL_JOBS = 'on';
    const res = await ready();
    expect(res.status).toBe(503);
    expect(ZReadiness.parse(await res.json())).toMatchObject({
      status: 'not_ready',
      database: 'ok',
      jobs: 'stopped',
      reason: 'the job runner has not started',
    });
  });

  it('ready: not ready while this build ships a migration the database has not applied', async () => {
    process.env.PORTAL_JOBS = 'off';
    const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-migrations-'));
    try {
      for (const name of readdirSync(path.join(process.cwd(), 'prisma', 'migrations'), { withFileTypes: true }))
        if (name.isDirectory()) mkdirSync(path.join(dir, name.name));
      mkdirSync(path.join(dir, '29991231000000_not_applied_yet'));
      expect(await checkReadiness({ migrationsDir: dir })).toEqual({
        status: 'not_ready',
        database: 'ok',
        migrations: 'pending',
        jobs: 'off',
        reason: 'a migration of this build is not applied yet',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ready: 503 once the instance is shutting down, so the load balancer stops sending traffic first', async () => {
    process.env.PORTAL_JOBS = 'off';
    shutdownState().draining = true;
    try {
      const res = await ready();
      expect(res.status).toBe(503);
      expect(ZReadiness.parse(await res.json())).toEqual({
        status: 'not_ready',
        database: 'ok',
        migrations: 'applied',
        jobs: 'off',
        reason: 'this instance is shutting down',
      });
    } finally {
      shutdownState().draining = false;
    }
  });
});
