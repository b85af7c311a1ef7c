import { apiRoute } from '@/lib/api/handler';
import { constantBody, constantResponse } from '@/lib/api/constant-response';
import { openApiDocument } from '@/lib/api/openapi';
import { apiActor } from '@/lib/auth/api-actor';

export const dynamic = 'force-dynamic';

/** Like every /api/v1 route, for signed-in callers only. */
export const GET = apiRoute(async (req) => {
  await apiActor(req);
  return constantResponse(req, await constantBody('openapi', openApiDocument));
});
