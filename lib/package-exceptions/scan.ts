/**
 * Container scans before deployment (seed 004, 5.1 step 4): only a container that passes is
 * deployed. A failed scan is recorded with its audit row and a notice to the project in one
 * transaction, and the pipeline is told to stop and discard the image: an answer, not an error.
 */
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/guard';
import { auditActorOf, recordAudit } from '@/lib/audit/record';
import { getProjectRecord } from '@/lib/inventory/queries';
import { notifyUsers } from '@/lib/outbox/enqueue';
import { scanVerdict } from '@/lib/package-exceptions/policy';
import type { TScanReport } from '@/lib/package-exceptions/schema';

export type ScanVerdict = { id: string; outcome: 'passed' | 'failed'; proceed: boolean; reason: string; instructions: string };

export async function reportContainerScan(actor: Actor, report: TScanReport): Promise<ScanVerdict> {
  const project = await getProjectRecord(actor, report.project);
  assertCan(actor, 'package.scan', project.id);
  const verdict = scanVerdict(report);
  const outcome = verdict.passed ? 'PASSED' : 'FAILED';
  const id = await db().$transaction(async (tx) => {
    const row = await tx.containerScanReport.create({
      data: {
        projectId: project.id,
        environment: report.environment,
        image: report.image,
        tool: report.tool,
        outcome,
        critical: report.critical,
        high: report.high,
        medium: report.medium,
        low: report.low,
        findings: report.findings,
        reason: verdict.reason,
        runId: report.runId ?? null,
        reportedBy: actor.label,
        reportedByKey: `${actor.kind}:${actor.id}`,
      },
    });
    await recordAudit(tx, {
      actor: auditActorOf(actor),
      action: verdict.passed ? 'package.scan_passed' : 'package.scan_failed',
      target: { type: 'container_scan_report', id: row.id },
      projectId: project.id,
      data: {
        image: report.image,
        environment: report.environment,
        tool: report.tool,
        scannerStatus: report.status,
        counts: { critical: report.critical, high: report.high, medium: report.medium, low: report.low },
        reason: verdict.reason,
        runId: report.runId ?? null,
      },
    });
    if (!verdict.passed) {
      const recipients = [project.projectLeadId, project.businessOwnerId].filter((u): u is string => Boolean(u));
      await notifyUsers(tx, recipients, {
        title: `Deployment stopped: container scan failed in ${project.code}`,
        body: `${report.image} was not deployed to ${report.environment.toLowerCase()}: ${verdict.reason} The pipeline discards the image.`,
        link: `/projects/${encodeURIComponent(project.code)}/packages`,
        channel: project.code,
      });
    }
    return row.id;
  });
  return verdict.passed
    ? { id, outcome: 'passed', proceed: true, reason: verdict.reason, instructions: 'Proceed with the deployment.' }
    : {
        id,
        outcome: 'failed',
        proceed: false,
        reason: verdict.reason,
        instructions:
          'Stop the deployment, discard the container image and exit. The project has been notified and the scan is on the audit trail.',
      };
}
