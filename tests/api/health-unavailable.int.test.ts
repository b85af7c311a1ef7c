/**
 * The 503 path: the app's Prisma singleton is pointed at a server that does not exist. This file
 * has a database of its own, like every integration file; it is swapped out here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GET } from '@/app/api/health/route';
import { ZHealthDegraded } from '@/lib/health/schema';

const g = globalThis as unknown as { __prisma?: { $disconnect: () => Promise<void> } };

async function pointAt(url: string | undefined) {
  await g.__prisma?.$disconnect();
  delete g.__prisma;
  if (url === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = url;
}

afterEach(async () => {
  await g.__prisma?.$disconnect();
  delete g.__prisma;
});

describe('GET /api/health when the database is unavailable', () => {
  it('503 degraded, with a reason that gives away no host, user or password', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    await pointAt('postgresql://portal_admin:Sup3rSecretPw@127.0.0.1:1/portal_prod');
    const res = await GET();
    expect(res.status).toBe(503);
    const body = (await res.json()) as Record<string, string>;
    expect(ZHealthDegraded.safeParse(body).success).toBe(true);
    expect(body).toEqual({ status: 'degraded', database: 'unavailable', reason: 'the database server is not reachable' });
    const text = JSON.stringify(body);
    for (const secret of ['Sup3rSecretPw', 'portal_admin', '127.0.0.1', 'portal_prod', 'postgresql://']) expect(text).not.toContain(secret);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it('503 when no database is configured at all', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await pointAt(undefined);
    const res = await GET();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'degraded', database: 'unavailable', reason: 'the database is not configured' });
    error.mockRestore();
  });
});
