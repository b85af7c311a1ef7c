import type { Metadata } from 'next';
import { z } from 'zod';
import { StartReviewForm } from '@/components/reviews/start-review-form';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { requireActor } from '@/lib/auth/session';
import { getReviewStartOptions } from '@/lib/reviews/queries';
import { parseSearchParams, type RawSearchParams } from '@/lib/web/search-params';
import { Breadcrumbs } from '../../breadcrumbs';
import { PageHeader } from '../../page-header';

export const metadata: Metadata = { title: 'Start an access review' };
const ZQuery = z.object({ project: z.string().trim().max(64).optional() });

export default async function NewReviewPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await requireActor('/reviews/new');
  const { query } = parseSearchParams(ZQuery, await searchParams);
  const options = await getReviewStartOptions(actor);
  const project = options.projects.some((p) => p.code === query.project) ? query.project : undefined;
  return (
    <>
      <PageHeader
        eyebrow={<Breadcrumbs trail={[{ href: '/reviews', label: 'Access reviews' }]} current="Start a review" />}
        title="Start an access review"
        description="The snapshot is taken now: later changes to the assignments do not change what is reviewed. Reviewers get a notice now and reminders 7 days and 1 day before the due date."
      />
      <Card aria-labelledby="form-heading">
        <CardHeader id="form-heading" title="Review settings" />
        {options.projects.length === 0 && options.implementations.length === 0 ? (
          <EmptyState title="Nothing you can review">
            Business owners review their projects; administrators review any project or implementation.
          </EmptyState>
        ) : (
          <StartReviewForm options={options} project={project} />
        )}
      </Card>
    </>
  );
}
