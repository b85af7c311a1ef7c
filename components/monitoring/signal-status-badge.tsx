import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { SignalStatusKey } from '@/lib/monitoring/schema';

const TONE: Record<SignalStatusKey, BadgeTone> = { OK: 'emerald', WARN: 'amber', BREACH: 'rose', UNKNOWN: 'muted' };
const LABEL: Record<SignalStatusKey, string> = { OK: 'OK', WARN: 'Warning', BREACH: 'Breach', UNKNOWN: 'No reading' };

export function SignalStatusBadge({ status }: { status: SignalStatusKey }) {
  return (
    <Badge tone={TONE[status]} dot>
      {LABEL[status]}
    </Badge>
  );
}
