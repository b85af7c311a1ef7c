import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, withRequestContext } from '@/lib/log/log';
import { scrubText } from '@/lib/log/redact';
import { acceptRequestId } from '@/lib/log/request-id';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl';
const PORTAL_SECRET = 'portal-secret-value-0123456789-abcdefgh';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger(stream) };
}

describe('[TELEMETRY] log redaction', () => {
  const saved = process.env.PORTAL_SECRET;
  afterEach(() => {
    if (saved === undefined) delete process.env.PORTAL_SECRET;
    else process.env.PORTAL_SECRET = saved;
  });

  it('masks tokens, cookies, client secrets, known secrets and connection-string passwords in fields, errors and text', () => {
    process.env.PORTAL_SECRET = PORTAL_SECRET;
    const { lines, logger } = capture();
    logger.info({ headers: { authorization: `Bearer ${JWT}`, cookie: '__Host-portal_session=abc123session' } }, 'incoming');
    logger.error({ err: new Error(`connect failed for postgres://app:hunter2pw@db:5432/portal (token ${JWT})`) }, 'db down');
    logger.warn(new Error(`client_secret=s3cr3t-value&grant_type=client_credentials`));
    logger.info(`retrying with Authorization: Bearer opaque.token-value_123 and ${PORTAL_SECRET}`);
    logger.info({ nested: { deeper: { accessToken: 'raw-access-token-value', password: 'pw-in-field' } } }, 'nested');
    logger.info(
      { header: 'Cookie: sid=cookie-value-1; other=cookie-value-2' },
      'cookie text with __Host-portal_session=cookie-value-3 inline',
    );
    const out = lines.join('\n');
    for (const secret of [
      JWT,
      'abc123session',
      'hunter2pw',
      's3cr3t-value',
      'opaque.token-value_123',
      PORTAL_SECRET,
      'raw-access-token-value',
      'pw-in-field',
      'cookie-value-1',
      'cookie-value-2',
      'cookie-value-3',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('postgres://app:[redacted]@db:5432/portal');
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('writes the request id on every line inside a request context', () => {
    const { lines, logger } = capture();
    withRequestContext('req-42', () => logger.info('inside'));
    logger.info('outside');
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'inside', requestId: 'req-42', level: 'info' });
    expect(JSON.parse(lines[1]!).requestId).toBeUndefined();
  });

  it('keeps a plain caller request id and replaces anything else', () => {
    expect(acceptRequestId('abc-123.def')).toBe('abc-123.def');
    expect(acceptRequestId('bad id\nwith newline')).toMatch(/^[0-9a-f-]{36}$/);
    expect(acceptRequestId(null)).toMatch(/^[0-9a-f-]{36}$/);
    expect(acceptRequestId('x'.repeat(200))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('leaves ordinary text alone', () => {
    expect(scrubText('synced 12 models from https://management.azure.com/subscriptions/x')).toBe(
      'synced 12 models from https://management.azure.com/subscriptions/x',
    );
  });
});
