import { apiRoute, parseQuery } from '@/lib/api/handler';
import { constantBody, constantResponse } from '@/lib/api/constant-response';
import { apiActor } from '@/lib/auth/api-actor';
import { assertCan } from '@/lib/auth/guard';
import { getRbacMatrix } from '@/lib/inventory/catalogue-queries';
import { ZRbacMatrixQuery } from '@/lib/catalogue/schema';

export const dynamic = 'force-dynamic';

/** The matrix is reference data, fixed for the life of a deployment. */
export const GET = apiRoute(async (req) => {
  const actor = await apiActor(req);
  const { environmentClass } = parseQuery(req, ZRbacMatrixQuery);
  // Checked on every call: the body is built once, with the first caller's check.
  assertCan(actor, 'catalogue.read');
  return constantResponse(req, await constantBody(`rbac-matrix:${environmentClass}`, () => getRbacMatrix(actor, environmentClass)));
});
