/** A project's JIT audit trail, as a page and as CSV. */
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { pageOf, skipTake } from '@/lib/api/pagination';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { notFound } from '@/lib/errors';
import { JIT_AUDIT_TARGET } from '@/lib/jit/policy';

async function auditProject(actor: Actor, code: string) {
  const project = await db().project.findUnique({ where: { code }, select: { id: true, code: true, name: true } });
  if (!project || !can(actor, 'audit.read', project.id)) throw notFound(`Project ${code}`);
  return project;
}

export type TJitAuditRow = {
  id: string;
  at: string;
  actor: string;
  actorType: string;
  action: string;
  requestId: string;
  data: Record<string, unknown>;
};

/** The project's JIT activity, newest first, one page. */
export async function findJitAudit(actor: Actor, code: string, query: { page: number; pageSize: number }) {
  const project = await auditProject(actor, code);
  const where: Prisma.AuditEventWhereInput = { projectId: project.id, targetType: JIT_AUDIT_TARGET };
  const [rows, total] = await Promise.all([
    db().auditEvent.findMany({ where, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], ...skipTake(query) }),
    db().auditEvent.count({ where }),
  ]);
  return {
    project,
    page: pageOf<TJitAuditRow>(
      rows.map((e) => ({
        id: e.id.toString(),
        at: e.occurredAt.toISOString(),
        actor: e.actorLabel,
        actorType: e.actorType,
        action: e.action,
        requestId: e.targetId,
        data: e.data as Record<string, unknown>,
      })),
      total,
      query,
    ),
  };
}

const CSV_CHUNK = 1000;
const CSV_MAX_ROWS = 200_000;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // A leading =, +, - or @ would make a spreadsheet evaluate the cell.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The project's JIT audit trail as CSV lines (header first), newest first, read in keyset pages so
 * memory stays flat however long the trail. Checks access before the first line.
 */
export async function jitAuditCsv(actor: Actor, code: string): Promise<{ project: { code: string }; lines: AsyncGenerator<string> }> {
  const project = await auditProject(actor, code);
  async function* lines() {
    yield ['occurred_at', 'action', 'actor_type', 'actor', 'request_id', 'details'].join(',') + '\n';
    let before: bigint | undefined;
    let sent = 0;
    while (sent < CSV_MAX_ROWS) {
      const rows = await db().auditEvent.findMany({
        where: { projectId: project.id, targetType: JIT_AUDIT_TARGET, ...(before !== undefined ? { id: { lt: before } } : {}) },
        orderBy: { id: 'desc' },
        take: CSV_CHUNK,
      });
      if (!rows.length) return;
      for (const e of rows) {
        yield [e.occurredAt.toISOString(), e.action, e.actorType, e.actorLabel, e.targetId, e.data].map(csvCell).join(',') + '\n';
      }
      sent += rows.length;
      before = rows.at(-1)!.id;
    }
  }
  return { project, lines: lines() };
}
