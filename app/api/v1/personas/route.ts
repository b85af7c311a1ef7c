import { apiRoute } from '@/lib/api/handler';
import { constantBody, constantResponse } from '@/lib/api/constant-response';
import { apiActor } from '@/lib/auth/api-actor';
import { assertCan } from '@/lib/auth/guard';
import { findPersonas } from '@/lib/inventory/catalogue-queries';

export const dynamic = 'force-dynamic';

/** The persona catalogue is reference data, fixed for the life of a deployment. */
export const GET = apiRoute(async (req) => {
  const actor = await apiActor(req);
  // Checked on every call: the body is built once, with the first caller's check.
  assertCan(actor, 'catalogue.read');
  return constantResponse(req, await constantBody('personas', () => findPersonas(actor)));
});
