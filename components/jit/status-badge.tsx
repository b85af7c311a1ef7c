import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { TJitStatus } from '@/lib/jit/schema';

const STATUS: Record<TJitStatus, { label: string; tone: BadgeTone }> = {
  PENDING: { label: 'Waiting for approval', tone: 'amber' },
  APPROVED: { label: 'Approved, not active', tone: 'sky' },
  ACTIVE: { label: 'Active', tone: 'emerald' },
  ENDED: { label: 'Ended', tone: 'muted' },
  REVOKED: { label: 'Revoked', tone: 'rose' },
  REJECTED: { label: 'Rejected', tone: 'rose' },
  CANCELLED: { label: 'Withdrawn', tone: 'muted' },
  EXPIRED: { label: 'Expired', tone: 'muted' },
};

export function JitStatusBadge({ status, kind }: { status: TJitStatus; kind?: 'ACCESS' | 'EXTENSION' | 'BREAK_GLASS' }) {
  const s = STATUS[status];
  return (
    <span className="inline-flex flex-wrap gap-1">
      <Badge tone={s.tone} dot>
        {kind === 'EXTENSION' && status === 'APPROVED' ? 'Extension applied' : s.label}
      </Badge>
      {kind === 'BREAK_GLASS' && <Badge tone="rose">Break-glass</Badge>}
      {kind === 'EXTENSION' && <Badge tone="violet">Extension</Badge>}
    </span>
  );
}
