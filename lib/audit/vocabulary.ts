/**
 * The audit trail's vocabulary: every action and target type the portal writes.
 *
 * One spelling convention:
 * - an action is `domain.past_tense_verb`, lower snake after the dot ('promotion.approved',
 *   'review.removal_task_recorded');
 * - a target type is the lower-snake name of the table whose id sits in `targetId`
 *   ('promotion_request' for a PromotionRequest row, 'sync_run' for a SyncRun).
 *
 * The table is append-only, so rows written under older spellings stay as they are. The legacy
 * maps below say what each old spelling means today; every read that filters or shows audit rows
 * goes through `auditActionsFor`/`auditTargetTypesFor` (filters) and `canonicalAuditAction`
 * (display), so an old row shows up under its canonical name. Unknown spellings are shown as stored.
 */

export const AUDIT_ACTIONS = [
  'access.assignment_ended',
  'access.azure_synced',
  'access.drift_snapshot_taken',
  'aml.tags_write_failed',
  'aml.tags_written',
  'aml.write_back_requested',
  'jit.activated',
  'jit.approval_recorded',
  'jit.approved',
  'jit.azure_assigned',
  'jit.azure_extended',
  'jit.azure_failed',
  'jit.azure_removed',
  'jit.break_glass_activated',
  'jit.break_glass_cooldown_waived',
  'jit.break_glass_reviewed',
  'jit.cancelled',
  'jit.expired',
  'jit.extended',
  'jit.extension_requested',
  'jit.incident_resolved',
  'jit.incident_retried',
  'jit.rejected',
  'jit.request_expired',
  'jit.requested',
  'jit.revoked',
  'lifecycle.access_removed',
  'lifecycle.automation_failed',
  'lifecycle.automation_succeeded',
  'lifecycle.item_ticked',
  'lifecycle.retirement_started',
  'lifecycle.step_failed',
  'lifecycle.step_started',
  'monitoring.proposal_accepted',
  'monitoring.proposal_created',
  'monitoring.proposal_dismissed',
  'monitoring.signal_status_changed',
  'package.exception_approval_recorded',
  'package.exception_approved',
  'package.exception_cancelled',
  'package.exception_expired',
  'package.exception_rejected',
  'package.exception_requested',
  'package.scan_failed',
  'package.scan_passed',
  'project.lifecycle_changed',
  'promotion.approval_recorded',
  'promotion.approved',
  'promotion.cancelled',
  'promotion.deployed',
  'promotion.deployment_failed',
  'promotion.evidence_added',
  'promotion.expired',
  'promotion.rejected',
  'promotion.requested',
  'promotion.rollback_requested',
  'raci.accepted',
  'raci.version_created',
  'revalidation.attested',
  'revalidation.iteration_requested',
  'revalidation.opened',
  'revalidation.overdue_flagged',
  'revalidation.retirement_proposed',
  'review.applied',
  'review.cancelled',
  'review.completed',
  'review.decided',
  'review.decided_by_default',
  'review.decision_changed',
  'review.reminder_sent',
  'review.removal_confirmed',
  'review.removal_requested',
  'review.removal_retry_scheduled',
  'review.removal_task_recorded',
  'review.scheduled',
  'review.started',
  'risk.classification_accepted',
  'risk.classification_submitted',
  'risk.policy_saved',
  'risk.tier_reevaluated',
  'session.signed_in',
  'session.signed_out',
  'session.stepped_up',
  'sync.completed',
  'sync.failed',
  'sync.requested',
  'workspace.link_failed',
  'workspace.linked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = [
  'access_review',
  'access_review_item',
  'aml_write_back',
  'container_scan_report',
  'drift_snapshot',
  'jit_request',
  'monitoring_signal',
  'package_exception',
  'project',
  'project_lifecycle_item',
  'project_lifecycle_step',
  'promotion_request',
  'raci_version',
  'revalidation',
  'risk_classification',
  'risk_policy_version',
  'role_assignment',
  'session',
  'signal_proposal',
  'sync_run',
  'user',
  'workspace_connection',
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/**
 * Action spellings found in existing rows, and what they mean in today's vocabulary. Only
 * spellings with a true equivalent are listed; the rest (the scale seed's filler such as
 * 'drift.alerted') have none and are shown as stored.
 */
export const LEGACY_AUDIT_ACTIONS: Readonly<Record<string, AuditAction>> = {
  // Present participle; the row records that a retry was scheduled.
  'review.removal_retrying': 'review.removal_retry_scheduled',
  // Filler the scale seed wrote before the vocabulary was typed.
  'jit.granted': 'jit.activated',
  'workspace.synced': 'sync.completed',
  'assignment.revoked': 'access.assignment_ended',
  'assignment.expired': 'access.assignment_ended',
};

/** Target type spellings found in existing rows (model names, shortened names) → today's. */
export const LEGACY_AUDIT_TARGET_TYPES: Readonly<Record<string, AuditTargetType>> = {
  promotion: 'promotion_request',
  raci: 'raci_version',
  SyncRun: 'sync_run',
  WorkspaceConnection: 'workspace_connection',
  AmlWriteBack: 'aml_write_back',
  Project: 'project',
  User: 'user',
};

function withLegacy<T extends string>(canonical: readonly T[], legacy: Readonly<Record<string, T>>): string[] {
  const wanted = new Set<string>(canonical);
  return [...canonical, ...Object.keys(legacy).filter((old) => wanted.has(legacy[old]!))];
}

/** Every stored spelling of these actions, for `action: { in: ... }` filters. */
export function auditActionsFor(...actions: AuditAction[]): string[] {
  return withLegacy(actions, LEGACY_AUDIT_ACTIONS);
}

/** Every stored spelling of these target types, for `targetType: { in: ... }` filters. */
export function auditTargetTypesFor(...types: AuditTargetType[]): string[] {
  return withLegacy(types, LEGACY_AUDIT_TARGET_TYPES);
}

/** A stored action under today's spelling (unknown spellings are returned as stored). */
export function canonicalAuditAction(stored: string): string {
  return LEGACY_AUDIT_ACTIONS[stored] ?? stored;
}
