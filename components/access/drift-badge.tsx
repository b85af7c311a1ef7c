import { Badge } from '@/components/ui/badge';
import { AlertIcon } from '@/components/ui/icons';
import { DRIFT_LABELS, type DriftKind } from '@/lib/access/drift';

export function DriftBadge({ kind }: { kind: DriftKind }) {
  return (
    <Badge tone="rose" icon={<AlertIcon className="size-3" />}>
      {DRIFT_LABELS[kind]}
    </Badge>
  );
}
