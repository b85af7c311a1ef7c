'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ZId } from '@/lib/api/zod';
import { requireActor } from '@/lib/auth/session';
import {
  ZJitBreakGlassInput,
  ZJitBreakGlassWaiverInput,
  ZJitDecisionInput,
  ZJitExtensionInput,
  ZJitReason,
  ZJitRequestInput,
  ZJitReviewInput,
} from '@/lib/jit/schema';
import { activateRequest } from '@/lib/jit/activate';
import { breakGlass, completeReview, waiveBreakGlassCooldown } from '@/lib/jit/break-glass';
import { cancelRequest, requestAccess } from '@/lib/jit/request';
import { decideRequest } from '@/lib/jit/decide';
import { requestExtension } from '@/lib/jit/extend';
import { resolveIncident, retryIncident } from '@/lib/jit/incidents';
import { revokeAccess } from '@/lib/jit/end';
import { runAction } from '@/lib/web/action-result';

const page = (id: string) => `/access/requests/${id}`;

function refresh(...paths: string[]) {
  for (const p of ['/access', '/access/approvals', ...paths]) revalidatePath(p);
}

export async function requestAccessAction(input: z.input<typeof ZJitRequestInput>) {
  return runAction(
    async () => {
      const actor = await requireActor('/access/request');
      const created = await requestAccess(actor, ZJitRequestInput.parse(input));
      refresh();
      return { id: created.id };
    },
    { input },
  );
}

export async function breakGlassAction(input: z.input<typeof ZJitBreakGlassInput>) {
  return runAction(
    async () => {
      const actor = await requireActor('/access/break-glass');
      const created = await breakGlass(actor, ZJitBreakGlassInput.parse(input));
      refresh();
      return { id: created.id };
    },
    { input },
  );
}

export async function decideRequestAction(id: string, input: z.input<typeof ZJitDecisionInput>) {
  return runAction(
    async () => {
      const actor = await requireActor(page(id));
      const result = await decideRequest(actor, ZId.parse(id), ZJitDecisionInput.parse(input));
      refresh(page(id));
      return { status: result.status };
    },
    { id, input },
  );
}

export async function activateRequestAction(id: string) {
  return runAction(
    async () => {
      const actor = await requireActor(page(id));
      const r = await activateRequest(actor, ZId.parse(id));
      refresh(page(id));
      return { expiresAt: r.expiresAt!.toISOString() };
    },
    { id },
  );
}

export async function revokeAccessAction(id: string, reason: string) {
  return runAction(
    async () => {
      const actor = await requireActor(page(id));
      await revokeAccess(actor, ZId.parse(id), ZJitReason.parse(reason));
      refresh(page(id));
      return null;
    },
    { id, reason },
  );
}

export async function cancelRequestAction(id: string, reason: string) {
  return runAction(
    async () => {
      const actor = await requireActor(page(id));
      await cancelRequest(actor, ZId.parse(id), z.string().trim().max(2000).parse(reason));
      refresh(page(id));
      return null;
    },
    { id, reason },
  );
}

export async function requestExtensionAction(id: string, input: z.input<typeof ZJitExtensionInput>) {
  return runAction(
    async () => {
      const actor = await requireActor(page(id));
      const created = await requestExtension(actor, ZId.parse(id), ZJitExtensionInput.parse(input));
      refresh(page(id));
      return { id: created.id };
    },
    { id, input },
  );
}

export async function completeReviewAction(id: string, input: z.input<typeof ZJitReviewInput>) {
  return runAction(
    async () => {
      const actor = await requireActor(page(id));
      const result = await completeReview(actor, ZId.parse(id), ZJitReviewInput.parse(input));
      refresh(page(id));
      return result;
    },
    { id, input },
  );
}

export async function retryIncidentAction(incidentId: string) {
  return runAction(
    async () => {
      const actor = await requireActor('/access/incidents');
      await retryIncident(actor, ZId.parse(incidentId));
      refresh('/access/incidents', '/');
      return null;
    },
    { incidentId },
  );
}

export async function resolveIncidentAction(incidentId: string, resolution: string) {
  return runAction(
    async () => {
      const actor = await requireActor('/access/incidents');
      await resolveIncident(actor, ZId.parse(incidentId), ZJitReason.parse(resolution));
      refresh('/access/incidents', '/');
      return null;
    },
    { incidentId, resolution },
  );
}

/** The platform lead lets one person use break-glass again before the wait is over (once). */
export async function waiveBreakGlassCooldownAction(input: z.input<typeof ZJitBreakGlassWaiverInput>) {
  return runAction(async () => {
    const actor = await requireActor('/access/incidents');
    const waiver = await waiveBreakGlassCooldown(actor, ZJitBreakGlassWaiverInput.parse(input));
    refresh('/access/incidents');
    return { id: waiver.id, expiresAt: waiver.expiresAt.toISOString() };
  });
}
