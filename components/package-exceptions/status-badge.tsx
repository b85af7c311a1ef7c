import { Badge, type BadgeTone } from '@/components/ui/badge';

export type ExceptionStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED' | 'EXPIRED';

export const EXCEPTION_STATUS: Record<ExceptionStatus, { label: string; tone: BadgeTone }> = {
  PENDING: { label: 'Pending', tone: 'amber' },
  APPROVED: { label: 'Approved', tone: 'emerald' },
  REJECTED: { label: 'Rejected', tone: 'rose' },
  CANCELLED: { label: 'Withdrawn', tone: 'muted' },
  EXPIRED: { label: 'Expired', tone: 'neutral' },
};

export function ExceptionStatusBadge({ status }: { status: ExceptionStatus }) {
  const s = EXCEPTION_STATUS[status];
  return (
    <Badge tone={s.tone} dot>
      {s.label}
    </Badge>
  );
}
