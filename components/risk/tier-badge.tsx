import { Badge, type BadgeTone } from '@/components/ui/badge';
import { RISK_TIER_LABEL, type RiskTier } from '@/lib/risk/schema';

const TONE: Record<RiskTier, BadgeTone> = { MINIMAL: 'emerald', LIMITED: 'amber', HIGH: 'rose' };

export function TierBadge({ tier, hardStop = false }: { tier: RiskTier | null; hardStop?: boolean }) {
  if (hardStop)
    return (
      <Badge tone="rose" dot>
        Prohibited practice: promotions blocked
      </Badge>
    );
  if (!tier) return <Badge tone="neutral">Risk: unclassified</Badge>;
  return (
    <Badge tone={TONE[tier]} dot>
      Risk tier: {RISK_TIER_LABEL[tier]}
    </Badge>
  );
}
