'use server';

import { requireActor } from '@/lib/auth/session';
import { simulateRiskPolicy } from '@/lib/risk-simulation/simulate';
import { runAction } from '@/lib/web/action-result';

export async function simulateRiskPolicyAction(policy: unknown) {
  return runAction(
    async () => {
      const actor = await requireActor('/risk/policies');
      return simulateRiskPolicy(actor, policy);
    },
    { policy },
  );
}
