import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { RequestForm } from '@/components/promotions/request-form';
import { ENVIRONMENT } from '@/components/projects/labels';
import { Card, CardHeader } from '@/components/ui/card';
import { requireActor } from '@/lib/auth/session';
import { getPromotionTargets } from '@/lib/promotions/queries';
import { orNotFound } from '@/lib/web/not-found';
import type { RawSearchParams } from '@/lib/web/search-params';
import { Breadcrumbs } from '../../breadcrumbs';
import { PageHeader } from '../../page-header';

export const metadata: Metadata = { title: 'Request a promotion' };

const ZParams = z.object({ project: z.string().max(64), model: z.string().max(255), version: z.coerce.number().int().min(1) });

export default async function NewPromotionPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const raw = await searchParams;
  const actor = await requireActor(
    `/promotions/new?project=${encodeURIComponent(String(raw.project ?? ''))}&model=${encodeURIComponent(String(raw.model ?? ''))}&version=${encodeURIComponent(String(raw.version ?? ''))}`,
  );
  const parsed = ZParams.safeParse(raw);
  if (!parsed.success) notFound();
  const t = await orNotFound(getPromotionTargets(actor, parsed.data.project, parsed.data.model, parsed.data.version));

  return (
    <>
      <PageHeader
        eyebrow={
          <Breadcrumbs
            trail={[
              { href: `/projects/${t.project.code}`, label: t.project.code },
              { href: `/projects/${t.project.code}/models/${t.model.name}`, label: t.model.name },
            ]}
            current={`v${t.version}`}
          />
        }
        title={`Request a promotion of ${t.model.name} v${t.version}`}
        description={`The version is in ${ENVIRONMENT[t.current].label}. Only the next environment can be requested unless the policy allows a skip; the approvers see your notes and the pipeline's evidence.`}
      />
      <Card aria-labelledby="request" className="max-w-2xl">
        <CardHeader id="request" title="Request" />
        {!t.next ? (
          <p className="px-5 py-4 text-sm text-slate-700">This version is already in production.</p>
        ) : !t.mayRequest ? (
          <p className="px-5 py-4 text-sm text-slate-700">
            Only data scientists, project leads and the CI/CD pipeline of this project can request promotions.
          </p>
        ) : (
          <RequestForm
            project={t.project.code}
            model={t.model.name}
            version={t.version}
            targets={t.targets.map((e) => ({ key: e, label: ENVIRONMENT[e].label }))}
            defaultTarget={t.next}
          />
        )}
      </Card>
    </>
  );
}
