import { Badge } from '@/components/ui/badge';
import { STATUS, type PromotionStatus } from '@/components/promotions/labels';

export function PromotionStatusBadge({ status }: { status: PromotionStatus }) {
  const s = STATUS[status];
  return (
    <Badge tone={s.tone} dot>
      {s.label}
    </Badge>
  );
}
