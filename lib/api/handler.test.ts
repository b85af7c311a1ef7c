import { describe, expect, it, vi } from 'vitest';
import { errorResponse, readJsonBody } from '@/lib/api/handler';
import { AppError, unavailableFrom } from '@/lib/errors';

describe('errorResponse', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['an admin shutdown', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a server starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['Prisma P1001', Object.assign(new Error("Can't reach database server"), { code: 'P1001' })],
    ['Prisma P1017', Object.assign(new Error('Server has closed the connection.'), { code: 'P1017' })],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['an adapter error', Object.assign(new Error('x'), { meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } })],
    ['a wrapped cause', new Error('query failed', { cause: Object.assign(new Error('x'), { code: '57P01' }) })],
  ])('%s is 503 UNAVAILABLE with Retry-After', async (_, e) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const res = errorResponse(e);
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
    warn.mockRestore();
  });

  it('RATE_LIMITED is 429 with its own Retry-After', () => {
    const res = errorResponse(new AppError('RATE_LIMITED', 'slow down', undefined, 17));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('17');
  });

  it('a value Postgres could not take is 400, not 500', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(errorResponse(Object.assign(new Error('invalid byte sequence'), { code: '22021' })).status).toBe(400);
    expect(errorResponse(Object.assign(new Error('Inconsistent column data'), { code: 'P2023' })).status).toBe(400);
    warn.mockRestore();
  });

  it('anything else stays a logged 500 without detail', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(errorResponse(new TypeError('boom')).status).toBe(500);
    expect(unavailableFrom(new TypeError('boom'))).toBeNull();
    log.mockRestore();
  });
});

describe('readJsonBody', () => {
  const req = (body: BodyInit) => new Request('http://x/', { method: 'POST', body });
  it('refuses NUL characters, unpaired surrogates, non-UTF-8 bytes and deep nesting, naming the field', async () => {
    await expect(readJsonBody(req('{"a":{"b":"x\\u0000"}}'), 1024)).rejects.toMatchObject({ code: 'VALIDATION', message: /body\.a\.b/ });
    await expect(readJsonBody(req('{"a":"\\udc00"}'), 1024)).rejects.toMatchObject({ code: 'VALIDATION', message: /body\.a/ });
    await expect(readJsonBody(req(new Uint8Array([0x22, 0xc3, 0x28, 0x22])), 1024)).rejects.toMatchObject({ message: /UTF-8/ });
    await expect(readJsonBody(req('['.repeat(40) + ']'.repeat(40)), 1024)).rejects.toMatchObject({ message: /nested too deeply/ });
    await expect(readJsonBody(req('{"k\\u0000":1}'), 1024)).rejects.toMatchObject({ message: /field name/ });
  });

  it('keeps __proto__ as data and accepts ordinary text', async () => {
    const body = (await readJsonBody(req('{"__proto__":{"admin":true},"t":"ünïcödé 😀"}'), 1024)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(body.t).toBe('ünïcödé 😀');
  });
});
