import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as list, POST as create } from '@/app/api/v1/package-exceptions/route';
import { POST as decide } from '@/app/api/v1/package-exceptions/[id]/decision/route';
import { GET as check } from '@/app/api/v1/package-exceptions/check/route';
import { POST as scan } from '@/app/api/v1/package-exceptions/scan-reports/route';
import { GET as sources } from '@/app/api/v1/package-exceptions/sources/route';
import type { DevIdp } from '@/dev/idp/server';
import { sessionCookieName } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { assignPersona, createProject, createUser } from '@/prisma/factories/org';
import { signIn } from '@/tests/support/api';
import { startTestPipeline, TEST_BASE_URL } from '@/tests/support/identity';

const PIPELINE = { appId: '7a7a7a7a-0000-4000-8000-0000000000a7', secret: 'package-pipeline-secret' };
let idp: DevIdp;
let bearer: string;
let s: Awaited<ReturnType<typeof scenario>>;

type Who = { bearer: string } | { user: { id: string } } | null;
type Handler = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;

async function headersFor(who: Who): Promise<Record<string, string>> {
  if (!who) return {};
  if ('bearer' in who) return { authorization: who.bearer };
  return { cookie: `${sessionCookieName()}=${await signIn(who.user)}` };
}

async function call<T = Record<string, unknown>>(
  handler: Handler,
  path: string,
  who: Who,
  opts: { body?: unknown; params?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const headers = { ...(await headersFor(who)), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) };
  const req = new NextRequest(`${TEST_BASE_URL}${path}`, {
    method: opts.body !== undefined ? 'POST' : 'GET',
    headers,
    ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) as Promise<never> });
  return { status: res.status, body: (await res.json()) as T };
}

async function scenario() {
  const [lead, scientist, platformLead, outsider] = await Promise.all([
    createUser(db(), { displayName: 'Lead' }),
    createUser(db(), { displayName: 'Scientist' }),
    createUser(db(), { displayName: 'Platform lead', appRoles: ['Portal.PlatformLead'] }),
    createUser(db(), { displayName: 'Outsider' }),
  ]);
  const project = await createProject(db(), { lifecycle: 'DEVELOPMENT', projectLeadId: lead.id });
  await assignPersona(db(), { persona: 'project-lead', userId: lead.id, projectId: project.id });
  await assignPersona(db(), { persona: 'data-scientist', userId: scientist.id, projectId: project.id });
  return { project, lead, scientist, platformLead, outsider };
}

beforeAll(async () => {
  ({ idp, bearer } = await startTestPipeline(PIPELINE));
  s = await scenario();
});
afterAll(async () => idp?.stop());

const checkPath = (o: Record<string, string> = {}) =>
  `/api/v1/package-exceptions/check?${new URLSearchParams({
    project: s.project.code,
    environment: 'DEVELOPMENT',
    package: 'quantlib-ml',
    version: '3.1.0',
    source: 'vendor-feed',
    ...o,
  })}`;

const request = {
  package: 'quantlib-ml',
  version: '~=3.1',
  source: 'vendor-feed',
  licence: 'BSD-3-Clause',
  justification: 'Pricing curves for the fraud features; not on the safe-listed repositories.',
  environments: ['DEVELOPMENT', 'STAGING'],
};

describe('the pipeline asks: GET /api/v1/package-exceptions/check', () => {
  it('allowed because the source is safe-listed', async () => {
    const r = await call(check, checkPath({ source: 'PyPI', package: 'numpy' }), { bearer });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ allowed: true, basis: 'safe-listed-source', source: { key: 'pypi', safeListed: true } });
  });

  it('refused with a reason, then allowed by the exception once two approvers approve', async () => {
    const refused = await call(check, checkPath(), { bearer });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ allowed: false, basis: 'refused', reason: expect.stringMatching(/request one/) });

    const created = await call<{ id: string; status: string }>(
      create,
      '/api/v1/package-exceptions',
      { user: s.scientist },
      {
        body: { project: s.project.code, ...request },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('PENDING');
    const id = created.body.id;
    expect((await call(check, checkPath(), { bearer })).body).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/waiting for approval/),
    });

    const own = await call(
      decide,
      `/api/v1/package-exceptions/${id}/decision`,
      { user: s.scientist },
      { body: { decision: 'approve' }, params: { id } },
    );
    expect(own.status).toBe(403);
    const first = await call(
      decide,
      `/api/v1/package-exceptions/${id}/decision`,
      { user: s.lead },
      { body: { decision: 'approve' }, params: { id } },
    );
    expect(first).toMatchObject({ status: 200, body: { status: 'PENDING' } });
    const second = await call<{ status: string; expiresAt: string }>(
      decide,
      `/api/v1/package-exceptions/${id}/decision`,
      { user: s.platformLead },
      {
        body: { decision: 'approve', comment: 'Scanned clean' },
        params: { id },
      },
    );
    expect(second.body.status).toBe('APPROVED');

    const allowed = await call(check, checkPath({ version: '3.4' }), { bearer });
    expect(allowed.body).toMatchObject({ allowed: true, basis: 'exception', exception: { id, expiresAt: second.body.expiresAt } });
    expect((await call(check, checkPath({ version: '4.0' }), { bearer })).body).toMatchObject({ allowed: false });
    expect((await call(check, checkPath({ environment: 'PRODUCTION' }), { bearer })).body).toMatchObject({ allowed: false });

    const listed = await call<{ items: { id: string }[] }>(list, `/api/v1/package-exceptions?project=${s.project.code}&status=approved`, {
      bearer,
    });
    expect(listed.body.items.map((i) => i.id)).toEqual([id]);
  });

  it('bad questions are 400 with the parameter named; unknown projects 404; no credentials 401', async () => {
    const bad = await call<{ error: { code: string; message: string } }>(check, checkPath({ environment: 'MARS' }), { bearer });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/environment/);
    expect((await call(check, checkPath({ version: '>=1' }), { bearer })).status).toBe(400);
    expect((await call(check, checkPath({ project: 'NOPE' }), { bearer })).status).toBe(404);
    expect((await call(check, checkPath(), null)).status).toBe(401);
    expect((await call(check, checkPath(), { user: s.outsider })).status).toBe(404);
  });

  it('lists the safe-listed repositories as data', async () => {
    const r = await call<{ items: { key: string; safeListed: boolean }[] }>(sources, '/api/v1/package-exceptions/sources', { bearer });
    expect(r.body.items.filter((i) => i.safeListed).map((i) => i.key)).toEqual(['pypi', 'conda-forge', 'microsoft-artifact-registry']);
  });
});

describe('POST /api/v1/package-exceptions: bad input is a 4xx and changes nothing', () => {
  it.each([
    ['malformed JSON', '{', 400],
    ['a missing justification', { project: 'X', ...request, justification: undefined }, 400],
    ['an unknown field', { ...request, project: 'X', extra: 1 }, 400],
    ['a safe-listed source', { ...request, source: 'conda-forge' }, 422],
    ['an unreadable version', { ...request, version: '>=x' }, 400],
  ])('%s', async (_, body, status) => {
    const before = await db().packageException.count();
    const withProject = typeof body === 'string' ? body : { project: s.project.code, ...body };
    const r = await call(create, '/api/v1/package-exceptions', { user: s.scientist }, { body: withProject });
    expect(r.status).toBe(status);
    expect(await db().packageException.count()).toBe(before);
  });

  it('the pipeline may not request an exception', async () => {
    const r = await call(
      create,
      '/api/v1/package-exceptions',
      { bearer },
      { body: { project: s.project.code, ...request, package: 'other' } },
    );
    expect(r.status).toBe(403);
  });
});

describe('a container scan at deployment: POST /api/v1/package-exceptions/scan-reports', () => {
  const report = (o: object = {}) => ({
    project: s.project.code,
    environment: 'STAGING',
    image: 'registry.contoso.example/fraud-scorer:7',
    tool: 'defender-for-containers',
    status: 'passed',
    critical: 0,
    high: 0,
    runId: 'release-481',
    ...o,
  });

  it('a clean scan lets the deployment proceed, on the audit trail', async () => {
    const r = await call<{ id: string; proceed: boolean }>(scan, '/api/v1/package-exceptions/scan-reports', { bearer }, { body: report() });
    expect(r).toMatchObject({ status: 201, body: { outcome: 'passed', proceed: true } });
    expect(await db().auditEvent.count({ where: { targetId: r.body.id, action: 'package.scan_passed' } })).toBe(1);
  });

  it('a failed scan exits cleanly: a non-5xx answer to stop, an audited record, the project notified', async () => {
    const outbox = await db().outboxMessage.count();
    const r = await call<{ id: string; proceed: boolean; instructions: string }>(
      scan,
      '/api/v1/package-exceptions/scan-reports',
      { bearer },
      {
        body: report({ critical: 2, findings: [{ id: 'CVE-2026-0001', severity: 'critical', package: 'openssl' }] }),
      },
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ outcome: 'failed', proceed: false, reason: expect.stringMatching(/2 critical/) });
    expect(r.body.instructions).toMatch(/discard the container image/);
    expect(await db().containerScanReport.findUniqueOrThrow({ where: { id: r.body.id } })).toMatchObject({
      outcome: 'FAILED',
      critical: 2,
      runId: 'release-481',
    });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { targetType: 'container_scan_report', targetId: r.body.id } });
    expect(audit).toMatchObject({ action: 'package.scan_failed', projectId: s.project.id, actorType: 'service' });
    const notices = await db().outboxMessage.findMany({
      orderBy: { createdAt: 'desc' },
      take: (await db().outboxMessage.count()) - outbox,
    });
    expect(notices.map((n) => n.channel).sort()).toEqual(['email', 'inbox', 'webhook']);
  });

  it('a scan that did not complete stops the deployment too', async () => {
    const r = await call(scan, '/api/v1/package-exceptions/scan-reports', { bearer }, { body: report({ status: 'error' }) });
    expect(r.body).toMatchObject({ proceed: false, reason: expect.stringMatching(/did not complete/) });
  });

  it('only the pipeline reports scans; bad reports are 400', async () => {
    const before = await db().containerScanReport.count();
    expect((await call(scan, '/api/v1/package-exceptions/scan-reports', { user: s.lead }, { body: report() })).status).toBe(403);
    expect((await call(scan, '/api/v1/package-exceptions/scan-reports', { bearer }, { body: report({ critical: -1 }) })).status).toBe(400);
    expect(
      (await call(scan, '/api/v1/package-exceptions/scan-reports', { bearer }, { body: report({ image: '; rm -rf /' }) })).status,
    ).toBe(400);
    expect(await db().containerScanReport.count()).toBe(before);
  });
});
