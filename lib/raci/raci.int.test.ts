import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getRaci } from '@/lib/raci/queries';
import { acceptRaci, saveRaciVersion, startRaciFromTemplate } from '@/lib/raci/service';
import { RACI_TEMPLATE } from '@/lib/raci/template';
import type { TRaciMatrix } from '@/lib/raci/schema';
import { assignPersona } from '@/prisma/factories/org';
import { createAccessScenario } from '@/prisma/factories/access';

const actor = async (userId: string) => (await loadUserActor(userId))!;
const codeOf = (p: Promise<unknown>) =>
  p.then(() => 'ok').catch((e) => (e instanceof AppError ? e.code : e instanceof ZodError ? 'VALIDATION' : `unexpected: ${String(e)}`));
const audits = (projectId: string) =>
  db().auditEvent.findMany({ where: { projectId, action: { startsWith: 'raci.' } }, orderBy: { id: 'asc' } });
const versions = (projectId: string) => db().raciVersion.findMany({ where: { projectId }, orderBy: { version: 'asc' } });
const query = { page: 1, pageSize: 10 };

function withCell(m: TRaciMatrix, activity: keyof TRaciMatrix, persona: string, letter: 'R' | 'A' | 'C' | 'I' | null): TRaciMatrix {
  const copy = structuredClone(m) as TRaciMatrix;
  const row = copy[activity] as Record<string, string>;
  if (letter) row[persona] = letter;
  else delete row[persona];
  return copy;
}

describe('RACI versions', () => {
  it('the project lead starts from the template; every edit makes a new version with its audit row', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'PROPOSED' });
    const lead = await actor(s.lead.id);
    const v1 = await startRaciFromTemplate(lead, s.project.code);
    expect(v1.version).toBe(1);
    const edited = withCell(RACI_TEMPLATE, 'budget', 'data-analyst', 'C');
    const v2 = await saveRaciVersion(lead, s.project.code, { matrix: edited, baseVersion: 1, note: 'Analyst consulted on budget' });
    expect(v2.version).toBe(2);
    expect((await versions(s.project.id)).map((v) => v.version)).toEqual([1, 2]);
    const trail = await audits(s.project.id);
    expect(trail.map((a) => a.action)).toEqual(['raci.version_created', 'raci.version_created']);
    expect(trail[1]!.data).toMatchObject({
      version: 2,
      changeCount: 1,
      changes: [{ activity: 'budget', persona: 'data-analyst', from: null, to: 'C' }],
    });
    const page = await getRaci(lead, s.project.code, { ...query });
    expect(page.diff).toEqual({ from: 1, to: 2, changes: [{ activity: 'budget', persona: 'data-analyst', from: null, to: 'C' }] });
  });

  it('a RACI with two Accountable personas for one activity is refused with a clear message, and nothing changes', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'PROPOSED' });
    const lead = await actor(s.lead.id);
    await startRaciFromTemplate(lead, s.project.code);
    const twoAs = withCell(RACI_TEMPLATE, 'production-release', 'project-lead', 'A');
    const error = await saveRaciVersion(lead, s.project.code, { matrix: twoAs, baseVersion: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues[0]!.message).toBe('Production release approval needs exactly one Accountable persona; it has 2');
    const noA = withCell(RACI_TEMPLATE, 'budget', 'business-owner', 'R');
    expect(await codeOf(saveRaciVersion(lead, s.project.code, { matrix: noA, baseVersion: 1 }))).toBe('VALIDATION');
    expect((await versions(s.project.id)).length).toBe(1);
    expect((await audits(s.project.id)).length).toBe(1);
  });

  it('only the project lead edits; a stale base version is a conflict; an unchanged matrix is not a version', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'PROPOSED' });
    const lead = await actor(s.lead.id);
    expect(await codeOf(startRaciFromTemplate(await actor(s.owner.id), s.project.code))).toBe('FORBIDDEN');
    expect(await codeOf(startRaciFromTemplate(await actor(s.outsider.id), s.project.code))).toBe('NOT_FOUND');
    await startRaciFromTemplate(lead, s.project.code);
    expect(await codeOf(startRaciFromTemplate(lead, s.project.code))).toBe('CONFLICT');
    await saveRaciVersion(lead, s.project.code, { matrix: withCell(RACI_TEMPLATE, 'budget', 'data-analyst', 'I'), baseVersion: 1 });
    expect(await codeOf(saveRaciVersion(lead, s.project.code, { matrix: RACI_TEMPLATE, baseVersion: 1 }))).toBe('CONFLICT');
    expect(
      await codeOf(
        saveRaciVersion(lead, s.project.code, { matrix: withCell(RACI_TEMPLATE, 'budget', 'data-analyst', 'I'), baseVersion: 2 }),
      ),
    ).toBe('UNPROCESSABLE');
    expect((await versions(s.project.id)).length).toBe(2);
  });
});

describe('RACI acceptance', () => {
  it('the business owner and the project lead accept the current version; who accepted what and when is kept', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'PROPOSED' });
    const lead = await actor(s.lead.id);
    const owner = await actor(s.owner.id);
    await startRaciFromTemplate(lead, s.project.code);
    expect(await acceptRaci(owner, s.project.code, { version: 1, comment: 'Agreed' })).toMatchObject({ fullyAccepted: false });
    expect((await getRaci(lead, s.project.code, query)).state).toBe('AWAITING_ACCEPTANCE');
    expect(await acceptRaci(lead, s.project.code, { version: 1 })).toMatchObject({ fullyAccepted: true });
    const page = await getRaci(owner, s.project.code, query);
    expect(page.state).toBe('ACCEPTED');
    expect(page.current!.acceptances.map((a) => [a.role, a.userLabel, a.comment])).toEqual([
      ['BUSINESS_OWNER', 'Owner Person', 'Agreed'],
      ['PROJECT_LEAD', 'Lead Person', ''],
    ]);
    const trail = await audits(s.project.id);
    expect(trail.map((a) => [a.action, a.actorLabel])).toEqual([
      ['raci.version_created', 'Lead Person'],
      ['raci.accepted', 'Owner Person'],
      ['raci.accepted', 'Lead Person'],
    ]);
    expect(trail[2]!.data).toMatchObject({ version: 1, role: 'PROJECT_LEAD', fullyAccepted: true });
  });

  it('a change after acceptance asks for acceptance again, and the old version can no longer be accepted', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'PROPOSED' });
    const lead = await actor(s.lead.id);
    const owner = await actor(s.owner.id);
    await startRaciFromTemplate(lead, s.project.code);
    await acceptRaci(owner, s.project.code, { version: 1 });
    await acceptRaci(lead, s.project.code, { version: 1 });
    await saveRaciVersion(lead, s.project.code, { matrix: withCell(RACI_TEMPLATE, 'retirement', 'model-tester', 'I'), baseVersion: 1 });
    const page = await getRaci(owner, s.project.code, query);
    expect(page.state).toBe('AWAITING_ACCEPTANCE');
    expect(page.current!.missing).toEqual(['BUSINESS_OWNER', 'PROJECT_LEAD']);
    expect(page.versions.items.map((v) => [v.version, v.accepted])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(await codeOf(acceptRaci(owner, s.project.code, { version: 1 }))).toBe('CONFLICT');
    const outbox = await db().outboxMessage.findMany({ where: { channel: 'inbox' } });
    expect(outbox.some((m) => (m.payload as { title: string }).title.includes(`RACI v2 of ${s.project.code} awaits your acceptance`))).toBe(
      true,
    );
  });

  it('a data scientist cannot accept; nobody accepts twice; one person cannot accept as both lead and owner', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'PROPOSED' });
    const lead = await actor(s.lead.id);
    await startRaciFromTemplate(lead, s.project.code);
    expect(await codeOf(acceptRaci(await actor(s.scientist.id), s.project.code, { version: 1 }))).toBe('FORBIDDEN');
    expect(await codeOf(acceptRaci(await actor(s.outsider.id), s.project.code, { version: 1 }))).toBe('NOT_FOUND');
    await acceptRaci(lead, s.project.code, { version: 1 });
    expect(await codeOf(acceptRaci(lead, s.project.code, { version: 1 }))).toBe('CONFLICT');
    await assignPersona(db(), { persona: 'business-owner', userId: s.lead.id, projectId: s.project.id });
    expect(await codeOf(acceptRaci(await actor(s.lead.id), s.project.code, { version: 1 }))).toBe('CONFLICT');
    expect(await db().raciAcceptance.count({ where: { raciVersion: { projectId: s.project.id } } })).toBe(1);
    expect((await audits(s.project.id)).filter((a) => a.action === 'raci.accepted').length).toBe(1);
  });

  it('concurrent acceptances by the owner and the lead both land, once each', async () => {
    const s = await createAccessScenario(db(), { lifecycle: 'PROPOSED' });
    const lead = await actor(s.lead.id);
    const owner = await actor(s.owner.id);
    await startRaciFromTemplate(lead, s.project.code);
    const results = await Promise.all([
      codeOf(acceptRaci(owner, s.project.code, { version: 1 })),
      codeOf(acceptRaci(lead, s.project.code, { version: 1 })),
      codeOf(acceptRaci(owner, s.project.code, { version: 1 })),
    ]);
    expect(results.sort()).toEqual(['CONFLICT', 'ok', 'ok']);
    expect((await getRaci(owner, s.project.code, query)).state).toBe('ACCEPTED');
  });
});
