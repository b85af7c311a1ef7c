import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '@/lib/promotions/defaults';
import { evaluateGates } from '@/lib/promotions/policy';
import {
  itemKeys,
  mergedEvidenceRefusal,
  provenanceChanges,
  readStoredEvidence,
  sourceSatisfies,
  stampProvenance,
} from '@/lib/promotions/provenance';
import type { TEvidence, TEvidenceSource } from '@/lib/promotions/schema';

const pipeline: TEvidenceSource = {
  kind: 'service',
  id: 's1',
  label: 'Pipeline',
  appId: 'app-1',
  personas: ['cicd-process'],
  at: '2026-11-30T10:00:00.000Z',
};
const monitor: TEvidenceSource = { ...pipeline, id: 's2', label: 'Monitor', appId: 'app-2', personas: ['monitoring-process'] };
const scientist: TEvidenceSource = {
  kind: 'user',
  id: 'u1',
  label: 'Avery',
  personas: ['cicd-process', 'data-scientist'],
  at: pipeline.at,
};

const production: TEvidence = {
  checks: ['qa-integration-tests', 'qa-performance-tests', 'qa-security-tests'].map((name) => ({ name, status: 'passed' as const })),
  metrics: { auc: 0.9 },
  primaryMetric: { name: 'auc', higherIsBetter: true },
  scan: { tool: 'scanner', critical: 0, high: 0, medium: 0, low: 0 },
  modelCard: { url: 'https://contoso.example/card', complete: true },
};

describe('evidence provenance', () => {
  it('names every item a payload supplies', () => {
    expect(itemKeys({ checks: [{ name: 'a', status: 'passed' }], metrics: { auc: 1 }, scan: production.scan, notes: undefined })).toEqual([
      'check:a',
      'metric:auc',
      'scan',
    ]);
  });

  it.each([
    ['the pipeline', pipeline, true],
    ['another service persona', monitor, false],
    ['a person, whatever personas they hold', scientist, false],
    ['nobody recorded', undefined, false],
  ])('a check required from cicd-process, reported by %s: %s', (_, source, ok) => {
    expect(sourceSatisfies({ check: 'x', servicePersona: 'cicd-process' }, source)).toBe(ok);
  });

  it('a rule naming app ids accepts only those identities', () => {
    expect(sourceSatisfies({ check: 'x', servicePersona: 'cicd-process', appIds: ['app-9'] }, pipeline)).toBe(false);
    expect(sourceSatisfies({ check: 'x', servicePersona: 'cicd-process', appIds: ['app-1'] }, pipeline)).toBe(true);
  });

  it('the default production gates open on the pipeline’s QA checks, not on a person’s', () => {
    const byPipeline = stampProvenance({}, production, pipeline);
    expect(evaluateGates(DEFAULT_POLICIES.PRODUCTION, production, null, 'auc', byPipeline).every((g) => g.passed)).toBe(true);
    const overridden = stampProvenance(byPipeline, { checks: [{ name: 'qa-security-tests', status: 'passed' }] }, scientist);
    const gate = evaluateGates(DEFAULT_POLICIES.PRODUCTION, production, null, 'auc', overridden).find(
      (g) => g.key === 'check:qa-security-tests',
    )!;
    expect(gate).toMatchObject({ passed: false, sourceMismatch: true, expectedSource: 'cicd-process', source: { kind: 'user' } });
    expect(gate.detail).toMatch(/reported by Avery \(a person\)/);
    expect(evaluateGates(DEFAULT_POLICIES.PRODUCTION, production, null, 'auc', {}).filter((g) => !g.passed)).toHaveLength(3);
  });

  it('the same item from another supplier is a change; from the same one it is not', () => {
    const current = stampProvenance({}, production, pipeline);
    const patch = { checks: [{ name: 'qa-security-tests', status: 'passed' as const }] };
    expect(provenanceChanges(current, patch, { ...pipeline, at: 'later' })).toBe(false);
    expect(provenanceChanges(current, patch, scientist)).toBe(true);
  });
});

describe('stored evidence', () => {
  it('reads a row past today’s limits as far as it can, and says what is wrong', () => {
    const raw = {
      checks: [...Array.from({ length: 250 }, (_, i) => ({ name: `c${i}`, status: 'passed' })), { name: '', status: 'odd' }],
      metrics: { auc: 0.9, broken: 'x' },
      scan: { tool: 'scanner', critical: -1, high: 0 },
      notes: 'kept',
    };
    const { evidence, problems } = readStoredEvidence(raw);
    expect(evidence.checks).toHaveLength(250);
    expect(evidence.metrics).toEqual({ auc: 0.9 });
    expect(evidence.scan).toBeUndefined();
    expect(evidence.notes).toBe('kept');
    expect(problems.length).toBeGreaterThan(0);
    expect(readStoredEvidence('not evidence').evidence).toEqual({ checks: [], metrics: {} });
  });

  it('refuses merged evidence past a limit, naming it', () => {
    const many = { checks: Array.from({ length: 201 }, (_, i) => ({ name: `c${i}`, status: 'passed' as const })), metrics: {} };
    expect(mergedEvidenceRefusal(many)).toMatch(/at most 200 checks \(it would hold 201\)/);
    const metrics = { checks: [], metrics: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`m${i}`, i])) };
    expect(mergedEvidenceRefusal(metrics)).toMatch(/at most 100 metrics/);
    const big = { checks: [], metrics: {}, notes: 'x'.repeat(3_999) };
    expect(mergedEvidenceRefusal(big)).toBeNull();
  });
});
