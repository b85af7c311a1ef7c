/**
 * The bare floor: a plain node:http server answering /floor/{route} with the same reads as the
 * framework floor (bench/floor-sql.ts), with no framework at all. bench/http.ts starts it; run on
 * its own with `tsx bench/floor.ts` (DATABASE_URL, FLOOR_PORT).
 */
import http from 'node:http';
import pg from 'pg';
import { floorAnswer, FloorError } from './floor-sql';

export function startBareFloor(opts: { databaseUrl: string; port: number; poolMax?: number; cookieName?: string }) {
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolMax ?? 10 });
  pool.on('error', () => {});
  const cookieName = opts.cookieName ?? 'portal_session';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://floor');
    const route = url.pathname.replace(/^\/floor\//, '');
    const cookie = (req.headers.cookie ?? '')
      .split(/;\s*/)
      .find((c) => c.startsWith(`${cookieName}=`))
      ?.slice(cookieName.length + 1);
    floorAnswer(pool, route, cookie, url.searchParams).then(
      (body) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      },
      (e: unknown) => {
        const status = e instanceof FloorError ? e.status : 500;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'FLOOR', message: e instanceof Error ? e.message : String(e) } }));
      },
    );
  });
  return new Promise<{ close: () => Promise<void> }>((resolve) => {
    server.listen(opts.port, '127.0.0.1', () =>
      resolve({
        close: async () => {
          await new Promise<void>((r) => server.close(() => r()));
          await pool.end();
        },
      }),
    );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.FLOOR_PORT ?? 3182);
  await startBareFloor({ databaseUrl: process.env.DATABASE_URL ?? '', port });
  console.log(`[floor] listening on http://127.0.0.1:${port}/floor/{route}`);
}
