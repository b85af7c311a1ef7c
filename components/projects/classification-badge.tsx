import { Badge } from '@/components/ui/badge';
import { LockIcon } from '@/components/ui/icons';
import { CLASSIFICATION, type Classification } from '@/components/projects/labels';

export function ClassificationBadge({ classification }: { classification: Classification }) {
  const c = CLASSIFICATION[classification];
  const restricted = classification === 'CONFIDENTIAL' || classification === 'HIGHLY_CONFIDENTIAL';
  return (
    <Badge tone={c.tone} icon={restricted ? <LockIcon className="size-3" /> : undefined}>
      <span className="sr-only">Data classification: </span>
      {c.label}
    </Badge>
  );
}
