import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { RequestForm } from '@/components/promotions/request-form';
import { ENVIRONMENT } from '@/components/projects/labels';
import { Card, CardHeader } from '@/components/ui/card';
import { can } from '@/lib/auth/policy';
import { requireActor } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { getModel } from '@/lib/inventory/queries';
import { ENVIRONMENT_ORDER, nextEnvironment } from '@/lib/promotions/policy';
import { currentEnvironment } from '@/lib/promotions/service';
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
  const { project, model } = await orNotFound(getModel(actor, parsed.data.project, parsed.data.model));
  const version = await db().modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version: parsed.data.version } } });
  if (!version) notFound();
  const current = await currentEnvironment(db(), version.id);
  const next = nextEnvironment(current);
  const allowed = can(actor, 'promotion.request', project.id);
  const targets = ENVIRONMENT_ORDER.filter((e) => ENVIRONMENT_ORDER.indexOf(e) > ENVIRONMENT_ORDER.indexOf(current)).map((e) => ({
    key: e,
    label: ENVIRONMENT[e].label,
  }));

  return (
    <>
      <PageHeader
        eyebrow={
          <Breadcrumbs
            trail={[
              { href: `/projects/${project.code}`, label: project.code },
              { href: `/projects/${project.code}/models/${model.name}`, label: model.name },
            ]}
            current={`v${version.version}`}
          />
        }
        title={`Request a promotion of ${model.name} v${version.version}`}
        description={`The version is in ${ENVIRONMENT[current].label}. Only the next environment can be requested unless the policy allows a skip; the approvers see your notes and the pipeline's evidence.`}
      />
      <Card aria-labelledby="request" className="max-w-2xl">
        <CardHeader id="request" title="Request" />
        {!next ? (
          <p className="px-5 py-4 text-sm text-slate-700">This version is already in production.</p>
        ) : !allowed ? (
          <p className="px-5 py-4 text-sm text-slate-700">
            Only data scientists, project leads and the CI/CD pipeline of this project can request promotions.
          </p>
        ) : (
          <RequestForm project={project.code} model={model.name} version={version.version} targets={targets} defaultTarget={next} />
        )}
      </Card>
    </>
  );
}
