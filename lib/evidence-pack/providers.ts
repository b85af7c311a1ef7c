/**
 * The pack's sections, in the order they are shown. Add a section by adding a provider file in
 * sections/ and a line here; verification re-runs the same list.
 */
import { accessReviewsSection } from '@/lib/evidence-pack/sections/access-reviews';
import { approvalsSection } from '@/lib/evidence-pack/sections/approvals';
import { evidenceSection } from '@/lib/evidence-pack/sections/evidence';
import { jitGrantsSection } from '@/lib/evidence-pack/sections/jit-grants';
import { ledgerSection } from '@/lib/evidence-pack/sections/ledger';
import { lineageSection } from '@/lib/evidence-pack/sections/lineage';
import { monitoringSection } from '@/lib/evidence-pack/sections/monitoring';
import { raciSection } from '@/lib/evidence-pack/sections/raci';
import { riskSection } from '@/lib/evidence-pack/sections/risk';
import type { SectionProvider } from '@/lib/evidence-pack/types';

export const SECTION_PROVIDERS: readonly SectionProvider[] = [
  lineageSection,
  evidenceSection,
  approvalsSection,
  raciSection,
  riskSection,
  accessReviewsSection,
  jitGrantsSection,
  monitoringSection,
  ledgerSection,
];
