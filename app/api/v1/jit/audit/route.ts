import { apiRoute, parseQuery } from '@/lib/api/handler';
import { z } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { ZProjectCode } from '@/lib/inventory/schema';
import { jitAuditCsv } from '@/lib/jit/audit-queries';

export const dynamic = 'force-dynamic';

const ZQuery = z.object({ project: ZProjectCode, format: z.literal('csv').default('csv') });

/** A project's just-in-time audit trail as CSV, streamed (newest first). */
export const GET = apiRoute(async (req) => {
  const actor = await apiActor(req);
  const { project } = parseQuery(req, ZQuery);
  const { lines } = await jitAuditCsv(actor, project);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="jit-audit-${project}-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
