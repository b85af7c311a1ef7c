import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PackSections } from '@/components/evidence/pack-view';
import { buttonClass } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { requireActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { buildEvidencePack } from '@/lib/evidence-pack/build';
import { ZPackParams } from '@/lib/evidence-pack/schema';
import { publicKeyOf } from '@/lib/evidence-pack/signing';
import { formatDateTime } from '@/lib/web/format';
import { orNotFound } from '@/lib/web/not-found';
import { PageHeader } from '../../page-header';

type Props = { params: Promise<{ versionId: string }> };

export const metadata: Metadata = { title: 'Evidence pack' };

export default async function EvidencePackPage({ params }: Props) {
  const { versionId: raw } = await params;
  const actor = await requireActor(`/evidence/${encodeURIComponent(raw)}`);
  const parsed = ZPackParams.safeParse({ versionId: raw });
  if (!parsed.success) notFound();
  const { versionId } = parsed.data;
  let manifest;
  try {
    manifest = await orNotFound(buildEvidencePack(actor, versionId));
  } catch (e) {
    if (e instanceof AppError && e.code === 'UNPROCESSABLE') {
      return (
        <>
          <PageHeader title="No evidence pack" />
          <p className="text-slate-700">{e.message}</p>
        </>
      );
    }
    throw e;
  }
  const { subject } = manifest;
  const api = `/api/v1/evidence-packs/${versionId}`;
  return (
    <>
      <PageHeader
        eyebrow={<span className="text-sm text-slate-600">Evidence pack · {subject.project.code}</span>}
        title={`${subject.model} v${subject.version}`}
        description={`The promotion receipt: how this version reached production and who could change it. Live in production from ${formatDateTime(subject.liveFrom)}${subject.liveUntil ? ` until ${formatDateTime(subject.liveUntil)}` : ', still live'}; compiled ${formatDateTime(manifest.generatedAt)}.`}
        actions={
          <nav aria-label="Downloads" className="flex flex-wrap gap-2">
            <a className={buttonClass({ variant: 'secondary', size: 'sm' })} href={`${api}?format=pdf`} download>
              Download PDF
            </a>
            <a className={buttonClass({ variant: 'secondary', size: 'sm' })} href={`${api}?format=html`} download>
              Download HTML
            </a>
            <a className={buttonClass({ variant: 'secondary', size: 'sm' })} href={`${api}?format=json`} download>
              Download signed JSON
            </a>
          </nav>
        }
      />
      <Card aria-labelledby="signature" className="mb-6">
        <CardHeader id="signature" title="Signature" />
        <CardBody className="space-y-2 text-sm">
          <p>
            The JSON manifest is signed with Ed25519, key <code>{publicKeyOf().keyId}</code>. Each section carries the SHA-256 of the
            canonical JSON of the records it came from. Check a downloaded pack with <code>npm run pack:verify -- pack.json</code> or{' '}
            <code>POST /api/v1/evidence-packs/verify</code>: a pack whose sources changed since is reported stale, naming the section.
          </p>
          <p>
            Public key: <code>GET /api/v1/evidence-packs/public-key</code>
          </p>
        </CardBody>
      </Card>
      <PackSections manifest={manifest} />
    </>
  );
}
