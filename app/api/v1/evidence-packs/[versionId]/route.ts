import { NextResponse } from 'next/server';
import { apiRoute, parseParams, parseQuery } from '@/lib/api/handler';
import { apiActor } from '@/lib/auth/api-actor';
import { buildEvidencePack } from '@/lib/evidence-pack/build';
import { packHtml } from '@/lib/evidence-pack/html';
import { packPdf } from '@/lib/evidence-pack/pdf';
import { ZPackParams, ZPackQuery } from '@/lib/evidence-pack/schema';
import { signManifest } from '@/lib/evidence-pack/signing';

export const dynamic = 'force-dynamic';

/** The signed evidence pack of a production model version, as JSON, HTML or PDF. */
export const GET = apiRoute<{ versionId: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { versionId } = await parseParams(params, ZPackParams, { notFound: 'model version' });
  const { format } = parseQuery(req, ZPackQuery);
  const pack = signManifest(await buildEvidencePack(actor, versionId));
  const name =
    `evidence-pack-${pack.manifest.subject.project.code}-${pack.manifest.subject.model}-v${pack.manifest.subject.version}`.replace(
      /[^\w.-]/g,
      '_',
    );
  const headers = (type: string, ext: string) => ({
    'content-type': type,
    'content-disposition': `attachment; filename="${name}.${ext}"`,
    'cache-control': 'no-store',
  });
  if (format === 'html') return new Response(packHtml(pack), { headers: headers('text/html; charset=utf-8', 'html') });
  if (format === 'pdf') return new Response(new Uint8Array(await packPdf(pack)), { headers: headers('application/pdf', 'pdf') });
  return NextResponse.json(pack, { headers: headers('application/json', 'json') });
});
