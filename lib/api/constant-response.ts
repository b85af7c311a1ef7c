/**
 * Responses that are the same for every caller for the life of a deployment (the OpenAPI document,
 * the persona catalogue, the RBAC matrix): serialised once per process, sent with a content-hash
 * ETag, and answered 304 when the caller already holds that version. Callers authenticate first:
 * a 304 is only ever the answer to an allowed request.
 */
import { createHash } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { databaseSettings } from '@/lib/settings';

export type ConstantBody = { json: string; etag: string };

/** Browsers may reuse it for five minutes, then revalidate (a 304 costs no serialisation). */
export const CONSTANT_CACHE_CONTROL = 'private, max-age=300, must-revalidate';

const memo = new Map<string, Promise<ConstantBody>>();

export function toConstantBody(value: unknown): ConstantBody {
  const json = JSON.stringify(value);
  return { json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"` };
}

/** The body under `key`, built once per process and database (tests switch databases mid-process). */
export function constantBody(key: string, build: () => unknown | Promise<unknown>): Promise<ConstantBody> {
  const k = `${databaseSettings().DATABASE_URL ?? ''}\n${key}`;
  let body = memo.get(k);
  if (!body) {
    body = Promise.resolve().then(build).then(toConstantBody);
    // A failed build (the database was down) is tried again next time.
    body.catch(() => memo.delete(k));
    memo.set(k, body);
  }
  return body;
}

/** RFC 9110: If-None-Match is a list of entity tags (weak ones compare too), or `*`. */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

export function constantResponse(req: NextRequest, body: ConstantBody): Response {
  const headers = { ETag: body.etag, 'Cache-Control': CONSTANT_CACHE_CONTROL };
  if (matchesIfNoneMatch(req.headers.get('if-none-match'), body.etag)) return new Response(null, { status: 304, headers });
  return new Response(body.json, { status: 200, headers: { ...headers, 'Content-Type': 'application/json' } });
}
