/**
 * From an AML model version to the portal's record of it: lineage, metrics, tags, and a
 * fingerprint of the content so that an unchanged version is recognised without a write.
 *
 * AML has no first-class fields for most of the lineage seed 003 asks for, so the mapping reads
 * what AML and MLflow record, then the tags teams are asked to set:
 *
 * | portal field        | first of                                                                      |
 * |---------------------|-------------------------------------------------------------------------------|
 * | pipelineRunId       | properties.jobName; property azureml.runId / mlflow.runId; tag run_id          |
 * | gitCommit           | property azureml.git.commit / mlflow.source.git.commit; tag git_commit         |
 * | trainingDataAsset   | tag/property training_data ("azureml:name:version" or "name:version");        |
 * | trainingDataVersion |   else tags training_data_asset + training_data_version                       |
 * | metrics             | tags and properties named metric.<name> or metrics.<name> with numeric values  |
 * | registeredAt / By   | systemData.createdAt / createdBy                                               |
 *
 * A field AML does not provide is empty (''), and an empty value never overwrites what the portal
 * already holds (a version registered through the portal's API keeps its lineage).
 */
import { createHash } from 'node:crypto';

/** Bump when the mapping changes: every version is then rewritten once by the next sync. */
const MAPPING_VERSION = 1;

type Dict = { [k: string]: string | null } | undefined;

export type AmlVersionLike = {
  id?: string;
  name?: string;
  properties: {
    description?: string;
    tags?: Dict;
    properties?: Dict;
    jobName?: string;
    modelUri?: string;
    modelType?: string;
    isArchived?: boolean;
  };
  systemData?: { createdAt?: Date; createdBy?: string };
};

export type MappedVersion = {
  /** The AML version string; `version` is its integer form, null when it is not an integer. */
  label: string;
  version: number | null;
  azureResourceId: string;
  description: string;
  trainingDataAsset: string;
  trainingDataVersion: string;
  pipelineRunId: string;
  gitCommit: string;
  metrics: Record<string, number>;
  tags: Record<string, string>;
  registeredAt: Date | null;
  registeredBy: string | null;
  fingerprint: string;
};

function lookup(dicts: Dict[], names: string[]): string {
  for (const d of dicts) {
    if (!d) continue;
    const lower = new Map(Object.entries(d).map(([k, v]) => [k.toLowerCase(), v]));
    for (const n of names) {
      const v = lower.get(n.toLowerCase());
      if (typeof v === 'string' && v.trim()) return v.trim();
    }
  }
  return '';
}

/** "azureml:credit-data:3", "credit-data:3" or an asset URI ending in /data/{name}/versions/{v}. */
export function parseDataReference(ref: string): { asset: string; version: string } | null {
  const s = ref.trim();
  const uri = /\/data\/([^/]+)\/versions\/([^/]+)\/?$/i.exec(s);
  if (uri) return { asset: `azureml:${uri[1]}`, version: uri[2]! };
  const m = /^(azureml:)?([^:]+):([^:]+)$/i.exec(s);
  if (m) return { asset: `azureml:${m[2]}`, version: m[3]! };
  return null;
}

function metricsFrom(dicts: Dict[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of dicts) {
    if (!d) continue;
    for (const [k, v] of Object.entries(d)) {
      const m = /^metrics?\.(.+)$/i.exec(k);
      if (!m || v === null || v.trim() === '') continue;
      const n = Number(v);
      if (Number.isFinite(n) && !(m[1]! in out)) out[m[1]!] = n;
    }
  }
  return out;
}

function cleanTags(tags: Dict): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags ?? {})) out[k] = v ?? '';
  return out;
}

/** JSON with keys sorted at every level, so equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

export function mapModelVersion(v: AmlVersionLike): MappedVersion {
  const p = v.properties;
  const tags = p.tags;
  const props = p.properties;
  const label = v.name ?? '';
  const asInt = /^(0|[1-9]\d{0,8})$/.test(label) ? Number(label) : null;

  let trainingDataAsset = '';
  let trainingDataVersion = '';
  const dataRef = lookup([tags, props], ['training_data', 'trainingData', 'training_dataset']);
  const parsed = dataRef ? parseDataReference(dataRef) : null;
  if (parsed) {
    trainingDataAsset = parsed.asset;
    trainingDataVersion = parsed.version;
  } else {
    trainingDataAsset = dataRef || lookup([tags, props], ['training_data_asset', 'trainingDataAsset']);
    trainingDataVersion = lookup([tags, props], ['training_data_version', 'trainingDataVersion']);
  }

  const content = {
    mapping: MAPPING_VERSION,
    description: p.description ?? '',
    tags: tags ?? {},
    properties: props ?? {},
    jobName: p.jobName ?? null,
    modelUri: p.modelUri ?? null,
    modelType: p.modelType ?? null,
    isArchived: p.isArchived ?? false,
    createdAt: v.systemData?.createdAt?.toISOString() ?? null,
    createdBy: v.systemData?.createdBy ?? null,
  };

  return {
    label,
    version: asInt,
    azureResourceId: v.id ?? '',
    description: p.description ?? '',
    trainingDataAsset,
    trainingDataVersion,
    pipelineRunId: p.jobName?.trim() || lookup([props, tags], ['azureml.runId', 'mlflow.runId', 'run_id', 'runId', 'pipeline_run_id']),
    gitCommit: lookup([props, tags], ['azureml.git.commit', 'mlflow.source.git.commit', 'git_commit', 'gitCommit', 'git.commit']),
    metrics: metricsFrom([tags, props]),
    tags: cleanTags(tags),
    registeredAt: v.systemData?.createdAt ?? null,
    registeredBy: v.systemData?.createdBy ?? null,
    fingerprint: fingerprintOf(content),
  };
}
