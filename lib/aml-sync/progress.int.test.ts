import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { MAX_LOG_LINES, SyncProgress } from '@/lib/aml-sync/progress';
import { createProject } from '@/prisma/factories/org';

describe('[AML-SYNC] progress', () => {
  it('writes phase, percent, counts and log lines to the run, capping the log', async () => {
    const project = await createProject(db());
    const env = await db().environment.findUniqueOrThrow({ where: { key: 'DEVELOPMENT' } });
    const conn = await db().workspaceConnection.create({
      data: {
        projectId: project.id,
        environmentId: env.id,
        subscriptionId: 's',
        resourceGroup: 'rg',
        workspaceName: 'mlw-p',
        azureResourceId: '/x',
        azureResourceKey: '/x',
        status: 'LINKED',
      },
    });
    const run = await db().syncRun.create({
      data: { connectionId: conn.id, trigger: 'MANUAL', requestedByLabel: 'test', log: ['queued'] },
    });
    const p = new SyncProgress(run.id, 1, 60_000);
    p.log('hello');
    p.counts.versionsSeen = 7;
    await p.setPhase('models', 40);
    p.setPercent(120);
    p.log('not yet written');
    await p.flush();
    let row = await db().syncRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(row).toMatchObject({ phase: 'models', progress: 40, counts: expect.objectContaining({ versionsSeen: 7 }) });
    expect(row.log).toHaveLength(2);
    expect(row.log[1]).toMatch(/hello$/);
    expect(row.heartbeatAt).not.toBeNull();

    for (let i = 0; i < MAX_LOG_LINES + 50; i++) p.log(`line ${i}`);
    await p.flush(true);
    const tail = p.drain();
    row = await db().syncRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(row.progress).toBe(99);
    expect(row.log.length).toBe(MAX_LOG_LINES);
    expect(tail).toHaveLength(1);
    expect(tail[0]).toMatch(/more log lines omitted$/);
  });
});
