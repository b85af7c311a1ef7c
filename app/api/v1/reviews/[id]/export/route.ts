import { apiRoute, parseParams } from '@/lib/api/handler';
import { ZIdParams } from '@/lib/api/zod';
import { apiActor } from '@/lib/auth/api-actor';
import { exportReviewCsv } from '@/lib/reviews/queries';

export const dynamic = 'force-dynamic';

/** The review's results as CSV (one line per assignment reviewed), for whoever may see the review. */
export const GET = apiRoute<{ id: string }>(async (req, { params }) => {
  const actor = await apiActor(req);
  const { id } = await parseParams(params, ZIdParams, { notFound: 'Access review' });
  const { filename, csv } = await exportReviewCsv(actor, id);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
});
