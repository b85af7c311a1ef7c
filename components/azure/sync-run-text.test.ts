import { describe, expect, it } from 'vitest';
import { announcementOf, countsSummary, phaseLabel } from '@/components/azure/sync-run-text';
import type { TSyncRunView } from '@/lib/azure/queries';

const run = (over: Partial<TSyncRunView>): TSyncRunView => ({
  id: 'r',
  connectionId: 'c',
  workspace: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws',
  trigger: 'MANUAL',
  status: 'RUNNING',
  phase: 'models',
  progress: 40,
  counts: {},
  attempts: 1,
  queuedAt: '2026-11-23T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  error: null,
  log: [],
  ...over,
});

describe('sync run words', () => {
  it('names the phase, and the end by the status', () => {
    expect(phaseLabel(run({}))).toBe('importing models and versions');
    expect(phaseLabel(run({ phase: 'something-new' }))).toBe('something-new');
    expect(phaseLabel(run({ status: 'SUCCEEDED', phase: 'done' }))).toBe('finished');
    expect(phaseLabel(run({ status: 'FAILED', phase: 'models' }))).toBe('failed');
  });

  it('sums up the counts, leaving out what is zero', () => {
    expect(countsSummary({})).toBeNull();
    expect(
      countsSummary({ models: 1, versionsSeen: 3, versionsCreated: 1, versionsUnchanged: 2, deploymentsSeen: 1, ungovernedDeployments: 1 }),
    ).toBe('1 model · 3 versions (1 new, 2 unchanged) · 1 deployment, 1 ungoverned');
    expect(countsSummary({ models: 0, versionsSeen: 0, deploymentsSeen: 0 })).toBe('0 models · 0 versions · 0 deployments');
  });

  it('announces phases and the outcome, not percentages', () => {
    expect(announcementOf(undefined, 'ws')).toBe('Sync of ws queued.');
    expect(announcementOf(run({ progress: 41 }), 'ws')).toBe('Sync of ws: importing models and versions.');
    expect(announcementOf(run({ status: 'SUCCEEDED', counts: { models: 2, versionsSeen: 2, deploymentsSeen: 0 } }), 'ws')).toBe(
      'Sync of ws finished. 2 models · 2 versions · 0 deployments.',
    );
    expect(announcementOf(run({ status: 'FAILED', error: 'ARM said no' }), 'ws')).toBe('Sync of ws failed. ARM said no');
  });
});
