/**
 * The benchmark's framework floor (bench/http.ts): the same reads as the portal's routes through
 * plain `pg`, without the proxy's work, Prisma or zod, to show what Next.js itself costs. Served
 * only with PORTAL_BENCH_FLOOR=1; otherwise 404, as if it did not exist. Not part of the API, so
 * not in the OpenAPI document.
 */
import pg from 'pg';
import { floorAnswer, FloorError } from '@/bench/floor-sql';
import { cookieName, SESSION_COOKIE } from '@/lib/auth/cookie-names';
import { databaseSettings, performanceSettings } from '@/lib/settings';

export const dynamic = 'force-dynamic';

const g = globalThis as unknown as { __benchFloorPool?: pg.Pool };

export async function GET(req: Request, ctx: { params: Promise<{ route: string }> }): Promise<Response> {
  if (!performanceSettings().PORTAL_BENCH_FLOOR)
    return Response.json({ error: { code: 'NOT_FOUND', message: 'Not found.' } }, { status: 404 });
  const { route } = await ctx.params;
  const url = new URL(req.url);
  g.__benchFloorPool ??= new pg.Pool({ connectionString: databaseSettings().DATABASE_URL, max: databaseSettings().DATABASE_POOL_MAX });
  const cookies = new Map(
    (req.headers.get('cookie') ?? '').split(/;\s*/).map((c) => {
      const i = c.indexOf('=');
      return [c.slice(0, i), c.slice(i + 1)] as const;
    }),
  );
  const session = cookies.get(cookieName(SESSION_COOKIE, url.protocol === 'https:'));
  try {
    return Response.json(await floorAnswer(g.__benchFloorPool, route, session, url.searchParams));
  } catch (e) {
    if (e instanceof FloorError) return Response.json({ error: { code: 'FLOOR', message: e.message } }, { status: e.status });
    throw e;
  }
}
