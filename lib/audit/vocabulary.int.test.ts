import { describe, expect, it } from 'vitest';
import { loadServiceActor, loadUserActor } from '@/lib/auth/load-actor';
import { db } from '@/lib/db';
import { getOwnerHome, ZOwnerHomeQuery } from '@/lib/owner/queries';
import { getPromotion } from '@/lib/promotions/queries';
import { requestPromotion } from '@/lib/promotions/service';
import { createAccessScenario } from '@/prisma/factories/access';
import { assignPersona, createServiceIdentity } from '@/prisma/factories/org';
import { createPromotionScenario, passingEvidence } from '@/prisma/factories/promotions';

/** A row as an older release wrote it: the table is append-only, so such rows stay as they are. */
function storedRow(row: { action: string; targetType: string; targetId: string; projectId: string; occurredAt?: Date }) {
  return db().auditEvent.create({ data: { actorType: 'system', actorId: null, actorLabel: 'Older release', data: {}, ...row } });
}

describe('audit rows under legacy spellings', () => {
  it('show under the canonical action where the owner home filters by action, and unmapped spellings stay out', async () => {
    const s = await createAccessScenario(db());
    const legacy = await storedRow({
      action: 'assignment.revoked',
      targetType: 'Project',
      targetId: s.project.id,
      projectId: s.project.id,
    });
    const canonical = await storedRow({ action: 'raci.accepted', targetType: 'raci_version', targetId: 'v1', projectId: s.project.id });
    await storedRow({ action: 'drift.alerted', targetType: 'Project', targetId: s.project.id, projectId: s.project.id });

    const home = await getOwnerHome((await loadUserActor(s.owner.id))!, ZOwnerHomeQuery.parse({}));
    expect(home.recentChanges.map((c) => [c.id, c.action]).sort()).toEqual(
      [
        [legacy.id.toString(), 'access.assignment_ended'],
        [canonical.id.toString(), 'raci.accepted'],
      ].sort(),
    );
  });

  it('keep a promotion history whole across the target type rename', async () => {
    const s = await createPromotionScenario(db(), { versionsIn: { 2: ['DEVELOPMENT'] } });
    const svc = await createServiceIdentity(db());
    await assignPersona(db(), { persona: 'cicd-process', serviceIdentityId: svc.id, projectId: null });
    const { request } = await requestPromotion((await loadServiceActor(svc.id))!, {
      project: s.project.code,
      model: 'scorer',
      version: 2,
      targetEnvironment: 'STAGING',
      evidence: passingEvidence('STAGING'),
    });
    await storedRow({ action: 'promotion.evidence_added', targetType: 'promotion', targetId: request.id, projectId: s.project.id });

    const detail = await getPromotion((await loadUserActor(s.lead.id))!, request.id);
    expect(detail.history.map((h) => h.action)).toEqual(['promotion.requested', 'promotion.evidence_added']);
    expect(await db().auditEvent.count({ where: { targetId: request.id, targetType: 'promotion_request' } })).toBe(1);
  });
});
