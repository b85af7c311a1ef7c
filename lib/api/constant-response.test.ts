import { describe, expect, it } from 'vitest';
import { matchesIfNoneMatch, toConstantBody } from '@/lib/api/constant-response';

describe('constant responses', () => {
  it('derives a quoted strong ETag from the content', () => {
    const a = toConstantBody({ a: 1 });
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(toConstantBody({ a: 1 }).etag).toBe(a.etag);
    expect(toConstantBody({ a: 2 }).etag).not.toBe(a.etag);
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    const etag = '"abc"';
    expect(matchesIfNoneMatch(null, etag)).toBe(false);
    expect(matchesIfNoneMatch('"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('"x", W/"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('*', etag)).toBe(true);
    expect(matchesIfNoneMatch('"abcd"', etag)).toBe(false);
    expect(matchesIfNoneMatch('abc', etag)).toBe(false);
  });
});
