/**
 * No token, cookie, secret or connection-string password reaches a log line: the process-wide log
 * is captured while real paths run with known secret values (an API call with a bearer token, a
 * 5xx from the API error handler, a failing job, an outbound webhook and a callback with
 * credentials in its URL), and the captured text is searched for each value.
 */
import { Writable } from 'node:stream';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GET as me } from '@/app/api/v1/me/route';
import { apiRoute } from '@/lib/api/handler';
import { sessionCookieName } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { defineJob, drainQueue, sendJob, startJobs, stopJobs } from '@/lib/jobs/queue';
import { dispatchOutboxOnce } from '@/lib/outbox/dispatch';
import { jobLog, setLogDestination } from '@/lib/log/log';
import { createUser } from '@/prisma/factories/org';
import { signIn } from '@/tests/support/api';
import { startTestPipeline } from '@/tests/support/identity';

const SECRETS = {
  PORTAL_SECRET: 'portal-secret-for-the-redaction-test-0123456789',
  ENTRA_CLIENT_SECRET: 'entra-client-secret-value-redaction-test',
  WEBHOOK_SIGNING_SECRET: 'webhook-signing-secret-redaction-test',
};
const DB_PASSWORD = 'db-password-in-a-url-5a7e';
const HOOK_PASSWORD = 'hook-password-in-a-url-9c1d';
const PIPELINE = { appId: '7a7a7a7a-0000-4000-8000-0000000000e5', secret: 'pipeline-client-secret-redaction-test' };

const lines: string[] = [];
const saved: Record<string, string | undefined> = {};
let bearer: string;
let cookie: string;
let stopIdp: () => Promise<void>;

beforeAll(async () => {
  for (const [k, v] of Object.entries({ ...SECRETS, NOTIFY_WEBHOOK_URL: `http://hook:${HOOK_PASSWORD}@127.0.0.1:9/chat` })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  const pipeline = await startTestPipeline(PIPELINE);
  stopIdp = () => pipeline.idp.stop();
  bearer = pipeline.bearer;
  cookie = `${sessionCookieName()}=${await signIn(await createUser(db()))}`;
  setLogDestination(
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    }),
  );
}, 60_000);

afterAll(async () => {
  setLogDestination();
  await stopJobs({ graceful: false });
  await stopIdp?.();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const request = (path: string, headers: Record<string, string>) =>
  new NextRequest(new URL(path, 'http://localhost:3000'), { headers: { 'x-request-id': 'redaction-test-1', ...headers } });

describe('[TELEMETRY] no secret reaches a log line', () => {
  it('API calls, the 5xx handler, a failing job and outbound webhooks log without any secret value', async () => {
    const token = bearer.slice('Bearer '.length);
    const sessionValue = cookie.split('=').slice(1).join('=');

    // A real API call with the pipeline's bearer token, and one with the token mangled.
    expect((await me(request('/api/v1/me', { authorization: bearer }), { params: Promise.resolve({}) as never })).status).toBe(200);
    expect((await me(request('/api/v1/me', { authorization: `${bearer}x` }), { params: Promise.resolve({}) as never })).status).toBe(401);

    // A handler failure carrying the caller's credentials and a connection string into the 5xx path.
    const leaky = apiRoute(async (req) => {
      throw new Error(
        `upstream refused ${req.headers.get('authorization')} with cookie ${req.headers.get('cookie')} via postgres://portal:${DB_PASSWORD}@db:5432/portal`,
      );
    });
    const res = await leaky(request('/api/v1/leaky', { authorization: bearer, cookie }), { params: Promise.resolve({}) });
    expect(res.status).toBe(500);

    // A job that fails on a connection-string error, its secret in the message and the cause.
    const job = defineJob({
      name: 'test_redaction_probe',
      schema: z.object({}),
      queue: { retryLimit: 0 },
      handle: async () => {
        throw new Error(`could not connect to postgresql://portal:${DB_PASSWORD}@db.example:5432/portal`, {
          cause: new Error(`client_secret=${SECRETS.ENTRA_CLIENT_SECRET}`),
        });
      },
    });
    await startJobs({ work: false, schedule: false, log: jobLog });
    await sendJob(job, {});
    expect((await drainQueue(job)).map((r) => Boolean(r.error))).toEqual([true]);

    // Outbound: a chat webhook and a pipeline callback whose URLs carry a password; both are refused and logged.
    await db().outboxMessage.createMany({
      data: [
        { channel: 'webhook', payload: { project: 'P', title: 'hello' } },
        { channel: 'callback', payload: { url: `http://cb:${HOOK_PASSWORD}@127.0.0.1:9/cb`, body: { token } } },
      ],
    });
    const stats = await dispatchOutboxOnce(50, new Date(Date.now() + 1000));
    expect(stats.failed + stats.retried).toBeGreaterThanOrEqual(2);

    const out = lines.join('\n');
    // The paths above did log: the test is not passing on silence.
    expect(out).toContain('"msg":"unexpected error"');
    expect(out).toContain('"msg":"job failed"');
    expect(out).toContain('"msg":"outbox message failed"');
    expect(lines.filter((l) => l.includes('"msg":"unexpected error"')).every((l) => l.includes('"requestId":"redaction-test-1"'))).toBe(
      true,
    );
    for (const [name, value] of Object.entries({
      ...SECRETS,
      bearer: token,
      sessionCookie: sessionValue,
      DB_PASSWORD,
      HOOK_PASSWORD,
      pipelineSecret: PIPELINE.secret,
    })) {
      expect(out.includes(value), `${name} appears in the log`).toBe(false);
    }
  });
});
