/**
 * Evidence as stored and who supplied it. Pure functions: the service stamps each item it saves
 * with its supplier, and reads stay tolerant of rows written before today's limits, so a stored
 * record can never make its own page, its API answer or a decision on it unreadable.
 */
import { personasOn, type Actor } from '@/lib/auth/actor';
import {
  MAX_EVIDENCE_BYTES,
  ZCheck,
  ZEvidence,
  ZEvidenceSource,
  type TCheckSourceRule,
  type TEvidence,
  type TEvidenceProvenance,
  type TEvidencePatch,
  type TEvidenceSource,
} from '@/lib/promotions/schema';

/** The provenance key of a check, a metric, or another evidence field. */
export const checkKey = (name: string) => `check:${name}`;
export const metricKey = (name: string) => `metric:${name}`;

/** The items an evidence payload (or patch) supplies, as provenance keys. */
export function itemKeys(evidence: TEvidencePatch): string[] {
  const keys: string[] = [];
  for (const [field, value] of Object.entries(evidence)) {
    if (value === undefined) continue;
    if (field === 'checks') keys.push(...(value as { name: string }[]).map((c) => checkKey(c.name)));
    else if (field === 'metrics') keys.push(...Object.keys(value as object).map(metricKey));
    else keys.push(field);
  }
  return keys;
}

/** Who is supplying evidence now, as recorded beside each item. */
export function evidenceSourceOf(actor: Actor, projectId: string, appId: string | null, at = new Date()): TEvidenceSource {
  return {
    kind: actor.kind,
    id: actor.id,
    label: actor.label,
    ...(appId ? { appId } : {}),
    personas: [...personasOn(actor, projectId)].sort(),
    at: at.toISOString(),
  };
}

/** The provenance after `source` supplied `patch`: its items now belong to `source`. */
export function stampProvenance(current: TEvidenceProvenance, patch: TEvidencePatch, source: TEvidenceSource): TEvidenceProvenance {
  const next = { ...current };
  for (const key of itemKeys(patch)) next[key] = source;
  return next;
}

/** Whether supplying `patch` as `source` would change who is recorded for any of its items. */
export function provenanceChanges(current: TEvidenceProvenance, patch: TEvidencePatch, source: TEvidenceSource): boolean {
  return itemKeys(patch).some((k) => current[k]?.kind !== source.kind || current[k]?.id !== source.id);
}

/** Whether `source` satisfies a policy rule that requires a check from a service identity. */
export function sourceSatisfies(rule: TCheckSourceRule, source: TEvidenceSource | undefined): boolean {
  if (!source || source.kind !== 'service' || !source.personas.includes(rule.servicePersona)) return false;
  return !rule.appIds || (source.appId !== undefined && rule.appIds.includes(source.appId));
}

const isRecord = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** Stored provenance, keeping the entries that parse (a row from before provenance has none). */
export function readProvenance(raw: unknown): TEvidenceProvenance {
  if (!isRecord(raw)) return {};
  const out: TEvidenceProvenance = {};
  for (const [k, v] of Object.entries(raw)) {
    const parsed = ZEvidenceSource.safeParse(v);
    if (parsed.success) out[k] = parsed.data;
  }
  return out;
}

/**
 * Stored evidence for reading. Evidence that meets today's schema comes back as is; otherwise
 * every part that still parses is kept and the rest is named in `problems`, so that the page can
 * say what is wrong instead of failing.
 */
export function readStoredEvidence(raw: unknown): { evidence: TEvidence; problems: string[] } {
  const strict = ZEvidence.safeParse(raw);
  if (strict.success) return { evidence: strict.data, problems: [] };
  const problems = strict.error.issues.slice(0, 20).map((i) => `${i.path.length ? i.path.join('.') : 'evidence'}: ${i.message}`);
  const o = isRecord(raw) ? raw : {};
  const checks = Array.isArray(o.checks)
    ? o.checks.flatMap((c) => {
        const r = ZCheck.safeParse(c);
        return r.success ? [r.data] : [];
      })
    : [];
  const metrics = Object.fromEntries(
    Object.entries(isRecord(o.metrics) ? o.metrics : {}).filter(
      (e): e is [string, number] => e[0].length <= 80 && typeof e[1] === 'number' && Number.isFinite(e[1]),
    ),
  );
  const optional = Object.fromEntries(
    (['primaryMetric', 'scan', 'modelCard', 'runId', 'gitCommit', 'notes'] as const).flatMap((field) => {
      const r = ZEvidence.shape[field].safeParse(o[field]);
      return r.success && r.data !== undefined ? [[field, r.data]] : [];
    }),
  );
  return { evidence: { ...optional, checks, metrics } as TEvidence, problems };
}

/**
 * Why evidence as merged may not be stored, or null. The same limits as one payload: the count
 * of checks and metrics and the size in bytes, so additions cannot grow a request past them.
 */
export function mergedEvidenceRefusal(merged: TEvidence): string | null {
  const parsed = ZEvidence.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const held =
      issue.path[0] === 'checks'
        ? ` (it would hold ${merged.checks.length})`
        : issue.path[0] === 'metrics'
          ? ` (it would hold ${Object.keys(merged.metrics).length})`
          : '';
    return `With this addition the evidence would break its limit on ${issue.path.join('.') || 'evidence'}: ${issue.message}${held}.`;
  }
  const bytes = Buffer.byteLength(JSON.stringify(merged));
  if (bytes > MAX_EVIDENCE_BYTES)
    return `With this addition the evidence would be ${bytes} bytes; a request's evidence is limited to ${MAX_EVIDENCE_BYTES} bytes.`;
  return null;
}
