import Link from 'next/link';
import { TierBadge } from '@/components/risk/tier-badge';
import { projectTierByCode } from '@/lib/risk/queries';

/**
 * The tier on a project's header, linking to its risk page. Rendered only inside pages that have
 * already read the project for the signed-in person, so it reveals nothing they could not see.
 */
export async function ProjectTierBadge({ code }: { code: string }) {
  const tier = await projectTierByCode(code);
  if (!tier) return null;
  return (
    <p className="mt-3">
      <Link href={`/projects/${encodeURIComponent(code)}/risk`} className="rounded focus-visible:outline-2">
        <TierBadge tier={tier.tier} hardStop={tier.hardStop} />
      </Link>
    </p>
  );
}
