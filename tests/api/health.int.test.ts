import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/health/route';
import { ZHealthOk } from '@/lib/health/schema';

describe('GET /api/health', () => {
  it('200 with the database answering; no sign-in needed', async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    expect(body).toEqual({ status: 'ok', database: 'ok' });
    expect(ZHealthOk.safeParse(body).success).toBe(true);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
