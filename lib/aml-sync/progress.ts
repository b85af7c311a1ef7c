/**
 * A sync run's visible progress: phase, percentage, counts and log lines, written to its SyncRun
 * row at most every `flushEveryMs` (and at every phase change) so that polling shows a live run
 * without a write per version. The log keeps the first MAX_LOG_LINES lines of an attempt.
 */
import { db } from '@/lib/db';
import type { SyncCounts } from '@/lib/azure/schema';

export const MAX_LOG_LINES = 400;

function emptyCounts(): SyncCounts {
  return {
    models: 0,
    versionsSeen: 0,
    versionsCreated: 0,
    versionsUpdated: 0,
    versionsUnchanged: 0,
    versionsMarkedDeleted: 0,
    versionsSkipped: 0,
    deploymentsSeen: 0,
    deploymentsCreated: 0,
    deploymentsUpdated: 0,
    deploymentsUnchanged: 0,
    deploymentsRetired: 0,
    ungovernedDeployments: 0,
  };
}

export class SyncProgress {
  readonly counts = emptyCounts();
  phase = 'starting';
  percent = 0;
  private pending: string[] = [];
  private written: number;
  private omitted = 0;
  private lastFlush = 0;

  constructor(
    readonly runId: string,
    existingLogLines: number,
    private readonly flushEveryMs = 500,
  ) {
    this.written = existingLogLines;
  }

  log(line: string) {
    if (this.written + this.pending.length >= MAX_LOG_LINES) {
      this.omitted++;
      return;
    }
    this.pending.push(`${new Date().toISOString()} ${line}`);
  }

  async setPhase(phase: string, percent: number) {
    this.phase = phase;
    this.percent = Math.max(this.percent, Math.min(100, Math.round(percent)));
    await this.flush(true);
  }

  setPercent(percent: number) {
    this.percent = Math.max(this.percent, Math.min(99, Math.round(percent)));
  }

  /** Writes phase, percent, counts, new log lines and the heartbeat. */
  async flush(force = false) {
    const now = Date.now();
    if (!force && now - this.lastFlush < this.flushEveryMs) return;
    this.lastFlush = now;
    const lines = this.pending.splice(0);
    this.written += lines.length;
    await db().syncRun.update({
      where: { id: this.runId },
      data: {
        phase: this.phase,
        progress: this.percent,
        counts: this.counts,
        heartbeatAt: new Date(now),
        ...(lines.length ? { log: { push: lines } } : {}),
      },
    });
  }

  /** Lines not yet written, plus a note of any dropped, for the final update. */
  drain(): string[] {
    const lines = this.pending.splice(0);
    if (this.omitted) lines.push(`${new Date().toISOString()} ${this.omitted} more log lines omitted`);
    this.omitted = 0;
    this.written += lines.length;
    return lines;
  }
}
