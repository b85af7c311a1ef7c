import { Badge } from '@/components/ui/badge';
import { LIFECYCLE, type Lifecycle } from '@/components/projects/labels';

export function LifecycleBadge({ lifecycle }: { lifecycle: Lifecycle }) {
  const l = LIFECYCLE[lifecycle];
  return (
    <Badge tone={l.tone} dot>
      {l.label}
    </Badge>
  );
}
