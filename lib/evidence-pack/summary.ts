/**
 * One readable line per source record, shared by the HTML page, the HTML download and the PDF,
 * so all three show the same thing. Unknown record shapes fall back to their canonical JSON.
 */
import { canonicalJson } from '@/lib/evidence-pack/canonical';

type R = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
const who = (v: unknown) => (v && typeof v === 'object' ? str((v as R).displayName ?? (v as R).by) : str(v));

export function recordLine(sectionKey: string, r: R): string {
  switch (sectionKey) {
    case 'lineage':
      return `${str(r.model)} v${str(r.version)}: data ${str(r.trainingDataAsset)}:${str(r.trainingDataVersion)}, run ${str(r.pipelineRunId)}, commit ${str(r.gitCommit)}, registered ${str(r.registeredAt)} by ${who(r.registeredBy)}; metrics ${canonicalJson(r.metrics ?? {})}`;
    case 'evidence':
      return `${str(r.fromEnvironment)} → ${str(r.targetEnvironment)} (${str(r.status)}), requested by ${str(r.requester)} at ${str(r.createdAt)}; evidence v${str(r.evidenceVersion)} SHA-256 ${str(r.evidenceHash)}`;
    case 'approvals': {
      const p = (r.policy ?? {}) as R;
      return `${str(r.kind)} by ${who(r.approver)} as ${str(r.persona)} at ${str(r.decidedAt)} for ${str(r.targetEnvironment)}; policy ${str(p.name)} v${str(p.version)}; tier ${r.tier === null ? 'not recorded' : str(r.tier)}; step-up ${r.stepUpAt ? str(r.stepUpAt) : 'none recorded'}; evidence SHA-256 ${str(r.evidenceHash)}${r.supersededAt ? ` (superseded ${str(r.supersededAt)})` : ''}`;
    }
    case 'raci': {
      const acc = Array.isArray(r.acceptances)
        ? (r.acceptances as R[]).map((a) => `${str(a.role)} ${str(a.user)} ${str(a.acceptedAt)}`).join('; ')
        : '';
      return `RACI v${str(r.version)} (${str(r.role)}), created ${str(r.createdAt)} by ${str(r.createdBy)}; accepted: ${acc || 'not yet'}`;
    }
    case 'risk':
      return `Risk tier: ${r.riskTier === null ? 'not recorded' : str(r.riskTier)}; data classification ${str(r.dataClassification)}`;
    case 'access-reviews': {
      const i = (r.items ?? {}) as R;
      return `${str(r.title)} (${str(r.status)}), ${str(r.startsAt)} to ${str(r.completedAt ?? r.dueAt)}; kept ${str(i.kept)}, revoked ${str(i.revoked)}, undecided ${str(i.undecided)}`;
    }
    case 'jit-grants': {
      const roles = Array.isArray(r.roles) ? (r.roles as R[]).map((x) => `${str(x.role)} on ${str(x.resource)}`).join(', ') : '';
      return `${who(r.requester)}: ${roles} from ${str(r.activatedAt)} until ${str(r.endedAt ?? r.expiresAt)} (${str(r.status)}); ${str(r.justification)}`;
    }
    case 'monitoring':
      return `${str(r.endpointName)}/${str(r.deploymentName)}: provisioning ${str(r.provisioningState)}, governed ${str(r.governed)}`;
    case 'ledger':
      return `${str(r.environment)} ${str(r.endpointName)}/${str(r.deploymentName)} ${str(r.trafficPercent)}% from ${str(r.deployedAt)} until ${r.retiredAt ? str(r.retiredAt) : 'now'} (${str(r.status)})`;
    default:
      return canonicalJson(r);
  }
}
