/** Words for a sync run, shared by the server-rendered connection list and the live progress panel. */
import type { TSyncRunView } from '@/lib/azure/queries';

const PHASE: Record<string, string> = {
  queued: 'waiting for a worker',
  starting: 'starting',
  workspace: 'reading the workspace',
  models: 'importing models and versions',
  deployments: 'reading endpoints and deployments',
  retrying: 'retrying after an error from Azure',
  throttled: 'throttled by Azure, continuing shortly',
  done: 'finished',
  failed: 'failed',
};

export function phaseLabel(run: Pick<TSyncRunView, 'status' | 'phase'>): string {
  if (run.status === 'SUCCEEDED') return 'finished';
  if (run.status === 'FAILED') return 'failed';
  return PHASE[run.phase] ?? run.phase;
}

/** "2 models · 9 versions (1 new, 8 unchanged) · 2 deployments, 1 ungoverned" from a run's counts. */
export function countsSummary(c: TSyncRunView['counts']): string | null {
  if (!c || c.versionsSeen === undefined) return null;
  const n = (x: number | undefined) => x ?? 0;
  const plural = (x: number, one: string, many = `${one}s`) => `${x} ${x === 1 ? one : many}`;
  const versionParts = [
    n(c.versionsCreated) && `${n(c.versionsCreated)} new`,
    n(c.versionsUpdated) && `${n(c.versionsUpdated)} updated`,
    n(c.versionsUnchanged) && `${n(c.versionsUnchanged)} unchanged`,
    n(c.versionsMarkedDeleted) && `${n(c.versionsMarkedDeleted)} marked deleted`,
  ].filter(Boolean);
  const deployments = `${plural(n(c.deploymentsSeen), 'deployment')}${n(c.ungovernedDeployments) ? `, ${n(c.ungovernedDeployments)} ungoverned` : ''}`;
  return [
    plural(n(c.models), 'model'),
    `${plural(n(c.versionsSeen), 'version')}${versionParts.length ? ` (${versionParts.join(', ')})` : ''}`,
    deployments,
  ].join(' · ');
}

/** What the polite live region says about a run: its phase changes and its end, not every percent. */
export function announcementOf(run: TSyncRunView | undefined, workspaceName: string): string {
  const label = `Sync of ${workspaceName}`;
  if (!run) return `${label} queued.`;
  if (run.status === 'SUCCEEDED') {
    const summary = countsSummary(run.counts);
    return `${label} finished.${summary ? ` ${summary}.` : ''}`;
  }
  if (run.status === 'FAILED') return `${label} failed. ${run.error ?? ''}`.trim();
  return `${label}: ${phaseLabel(run)}.`;
}
