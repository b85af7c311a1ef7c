import type { BadgeTone } from '@/components/ui/badge';
import type { PROMOTION_STATUSES } from '@/lib/promotions/schema';

export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

export const STATUS: Record<PromotionStatus, { label: string; tone: BadgeTone }> = {
  PENDING: { label: 'Pending approval', tone: 'amber' },
  APPROVED: { label: 'Approved', tone: 'emerald' },
  DEPLOYED: { label: 'Deployed', tone: 'brand' },
  REJECTED: { label: 'Rejected', tone: 'rose' },
  DEPLOY_FAILED: { label: 'Deployment failed', tone: 'rose' },
  CANCELLED: { label: 'Cancelled', tone: 'muted' },
  EXPIRED: { label: 'Expired', tone: 'muted' },
};

export const AUDIT_LABEL: Record<string, string> = {
  'promotion.requested': 'Requested',
  'promotion.rollback_requested': 'Rollback requested',
  'promotion.evidence_added': 'Evidence added',
  'promotion.approval_recorded': 'Approved (more approvals needed)',
  'promotion.approved': 'Approved — policy satisfied',
  'promotion.rejected': 'Rejected',
  'promotion.cancelled': 'Cancelled',
  'promotion.expired': 'Expired',
  'promotion.deployed': 'Deployed',
  'promotion.deployment_failed': 'Deployment failed',
};
