import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { loadServiceActor, loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import type { EnvironmentKey } from '@/lib/generated/prisma/enums';
import { countMyApprovals, findMyApprovals, findPromotions, type TMyApprovalsQuery } from '@/lib/promotions/queries';
import type { TPromotionListQuery } from '@/lib/promotions/schema';
import { addEvidence, decidePromotion, requestPromotion } from '@/lib/promotions/service';
import { assignPersona, createServiceIdentity, createUser } from '@/prisma/factories/org';
import { createPromotionScenario, passingEvidence } from '@/prisma/factories/promotions';

const actor = async (userId: string) => (await loadUserActor(userId, { authTime: new Date() }))!;
type Scenario = Awaited<ReturnType<typeof createPromotionScenario>>;
type Target = Exclude<EnvironmentKey, 'DEVELOPMENT'>;

let s: Scenario;
let other: Scenario;
let ci: Actor;
/** Holds both the project-lead and the business-owner persona on the project. */
let both: { id: string };
/** Request ids by what happened to them. */
const r: Record<string, string> = {};

async function request(by: Actor, scenario: Scenario, version: number, target: Target) {
  const { request } = await requestPromotion(
    by,
    { project: scenario.project.code, model: 'scorer', version, targetEnvironment: target, evidence: passingEvidence(target) },
    { skipOrderCheck: true },
  );
  return request.id;
}
const approve = async (userId: string, id: string, evidenceVersion = 1) =>
  decidePromotion(await actor(userId), id, { decision: 'approve', comment: '', evidenceVersion });

beforeAll(async () => {
  s = await createPromotionScenario(db(), { versions: 10 });
  both = await createUser(db(), { displayName: 'Lead and owner' });
  await assignPersona(db(), { persona: 'project-lead', userId: both.id, projectId: s.project.id });
  await assignPersona(db(), { persona: 'business-owner', userId: both.id, projectId: s.project.id });
  other = await createPromotionScenario(db(), { versions: 2 });
  const svc = await createServiceIdentity(db());
  await assignPersona(db(), { persona: 'cicd-process', serviceIdentityId: svc.id, projectId: null });
  ci = (await loadServiceActor(svc.id))!;
  // Version 9 was registered by the second lead: they may not decide its promotion.
  await db().modelVersion.update({ where: { id: s.versions[8]!.id }, data: { registeredById: s.lead2.id } });

  r.staging = await request(ci, s, 1, 'STAGING');
  r.qa = await request(ci, s, 2, 'QA');
  r.prodOpen = await request(ci, s, 3, 'PRODUCTION');
  r.prodLeadDone = await request(ci, s, 4, 'PRODUCTION');
  await approve(s.lead2.id, r.prodLeadDone);
  r.prodOwnerDone = await request(ci, s, 5, 'PRODUCTION');
  await approve(s.owner.id, r.prodOwnerDone);
  r.stagingByLead = await request(await actor(s.lead.id), s, 6, 'STAGING');
  r.prodSuperseded = await request(ci, s, 7, 'PRODUCTION');
  await approve(s.lead.id, r.prodSuperseded);
  await addEvidence(ci, r.prodSuperseded, { notes: 'the final image' });
  r.approved = await request(ci, s, 8, 'STAGING');
  await approve(s.lead2.id, r.approved);
  r.registeredByLead2 = await request(ci, s, 9, 'QA');
  r.prodByBoth = await request(ci, s, 10, 'PRODUCTION');
  await approve(both.id, r.prodByBoth);
  r.otherProject = await request(ci, other, 1, 'STAGING');
});

const all: TMyApprovalsQuery = { page: 1, pageSize: 100, sort: 'createdAt', order: 'asc' };
const mine = async (userId: string, query: Partial<TMyApprovalsQuery> = {}) =>
  (await findMyApprovals(await actor(userId), { ...all, ...query })).items.map((i) => i.id);
const names = (ids: string[]) => ids.map((id) => Object.keys(r).find((k) => r[k] === id));

describe('findMyApprovals: pending requests the person may decide now', () => {
  it('a lead sees what needs a lead, but not their own request, nor one whose lead slot is filled', async () => {
    expect(names(await mine(s.lead.id))).toEqual(['staging', 'qa', 'prodOpen', 'prodOwnerDone', 'prodSuperseded', 'registeredByLead2']);
  });

  it('nor one they already approved at this evidence version, nor a version they registered', async () => {
    expect(names(await mine(s.lead2.id))).toEqual(['staging', 'qa', 'prodOpen', 'prodOwnerDone', 'stagingByLead', 'prodSuperseded']);
    // A person counts once: having filled the lead slot, the owner slot is not theirs to fill too.
    expect(names(await mine(both.id))).toEqual([
      'staging',
      'qa',
      'prodOpen',
      'prodLeadDone',
      'prodOwnerDone',
      'stagingByLead',
      'prodSuperseded',
      'registeredByLead2',
    ]);
  });

  it('an owner sees production requests whose owner slot is open, the lead slot filled or not', async () => {
    expect(names(await mine(s.owner.id))).toEqual(['prodOpen', 'prodLeadDone', 'prodSuperseded', 'prodByBoth']);
  });

  it('a model tester sees QA requests only; a data scientist sees nothing', async () => {
    expect(names(await mine(s.tester.id))).toEqual(['qa', 'registeredByLead2']);
    expect(await mine(s.scientist.id)).toEqual([]);
    expect(await countMyApprovals(await actor(s.scientist.id))).toBe(0);
    expect(await countMyApprovals(ci)).toBe(0);
  });

  it('the other project’s lead sees only theirs; someone on no project sees nothing', async () => {
    expect(names(await mine(other.lead.id))).toEqual(['otherProject']);
    expect(await mine((await createUser(db())).id)).toEqual([]);
  });

  it('counts what it lists, filters by project and target, sorts and pages', async () => {
    const lead = await actor(s.lead.id);
    expect(await countMyApprovals(lead)).toBe(6);
    const page = await findMyApprovals(lead, { ...all, pageSize: 4, page: 2 });
    expect(page).toMatchObject({ total: 6, page: 2, pageSize: 4, totalPages: 2 });
    expect(names(page.items.map((i) => i.id))).toEqual(['prodSuperseded', 'registeredByLead2']);
    expect(names(await mine(s.lead.id, { targetEnvironment: 'PRODUCTION' }))).toEqual(['prodOpen', 'prodOwnerDone', 'prodSuperseded']);
    expect(await mine(s.lead.id, { project: other.project.code })).toEqual([]);
    expect(await mine(s.lead.id, { project: s.project.code })).toHaveLength(6);
    // Production requests are due later (120 h against 72 h): by due time, they come last.
    expect(names(await mine(s.lead.id, { sort: 'dueAt', order: 'asc' }))).toEqual([
      'staging',
      'qa',
      'registeredByLead2',
      'prodOpen',
      'prodOwnerDone',
      'prodSuperseded',
    ]);
    expect(names(await mine(s.lead.id, { sort: 'createdAt', order: 'desc' }))).toEqual([
      'registeredByLead2',
      'prodSuperseded',
      'prodOwnerDone',
      'prodOpen',
      'qa',
      'staging',
    ]);
  });

  it('summarises each item like the promotions list', async () => {
    const [item] = (await findMyApprovals(await actor(s.owner.id), { ...all, pageSize: 1 })).items;
    expect(item).toEqual({
      id: r.prodOpen,
      project: { code: s.project.code, name: s.project.name },
      model: 'scorer',
      version: 3,
      fromEnvironment: 'DEVELOPMENT',
      targetEnvironment: 'PRODUCTION',
      status: 'PENDING',
      requester: ci.label,
      createdAt: expect.any(String),
      dueAt: expect.any(String),
      decidedAt: null,
      evidenceVersion: 1,
    });
    const row = await db().promotionRequest.findUniqueOrThrow({ where: { id: r.prodOpen } });
    expect([item!.createdAt, item!.dueAt]).toEqual([row.createdAt.toISOString(), row.dueAt.toISOString()]);
  });
});

describe('findPromotions: the promotions list', () => {
  const list: TPromotionListQuery = { page: 1, pageSize: 100, status: 'all', sort: 'createdAt', order: 'asc' };
  const ids = async (userId: string, query: Partial<TPromotionListQuery> = {}) =>
    names((await findPromotions(await actor(userId), { ...list, ...query })).items.map((i) => i.id));

  it('scopes to the projects the person reads; an admin reads all', async () => {
    const admin = await createUser(db(), { appRoles: ['Portal.Admin'] });
    expect(await ids(s.scientist.id)).toHaveLength(10);
    expect(await ids(other.scientist.id)).toEqual(['otherProject']);
    expect(await ids(admin.id)).toHaveLength(11);
    expect(await ids((await createUser(db())).id)).toEqual([]);
  });

  it('filters by status, project, target and text, sorts, pages and counts', async () => {
    const lead = await actor(s.lead.id);
    expect(await ids(s.lead.id, { status: 'approved' })).toEqual(['approved']);
    expect(await ids(s.lead.id, { status: 'open' })).toHaveLength(10);
    expect(await ids(s.lead.id, { status: 'pending', targetEnvironment: 'QA' })).toEqual(['qa', 'registeredByLead2']);
    expect(await ids(s.lead.id, { project: other.project.code })).toEqual([]);
    expect(await ids(s.lead.id, { q: 'SCOR' })).toHaveLength(10);
    expect(await ids(s.lead.id, { q: 'lead' })).toEqual(['stagingByLead']);
    expect(await ids(s.lead.id, { status: 'pending', sort: 'dueAt', order: 'desc' })).toEqual([
      'prodByBoth',
      'prodSuperseded',
      'prodOwnerDone',
      'prodLeadDone',
      'prodOpen',
      'registeredByLead2',
      'stagingByLead',
      'qa',
      'staging',
    ]);
    const page = await findPromotions(lead, { ...list, status: 'pending', pageSize: 3, page: 3, order: 'desc' });
    expect(page).toMatchObject({ total: 9, page: 3, pageSize: 3, totalPages: 3 });
    expect(names(page.items.map((i) => i.id))).toEqual(['prodOpen', 'qa', 'staging']);
    const [first] = (await findPromotions(lead, { ...list, status: 'approved' })).items;
    expect(first).toMatchObject({ id: r.approved, model: 'scorer', version: 8, status: 'APPROVED', targetEnvironment: 'STAGING' });
    expect(first!.decidedAt).toEqual(expect.any(String));
  });
});
