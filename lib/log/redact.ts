/**
 * What must never reach a log line, as text patterns and as field names. The logger (log.ts) runs
 * every argument through `scrub` before pino sees it and pino's own `redact` removes the fields by
 * path, so a secret is caught whether it arrives as a field, inside an error message or a stack,
 * or pasted into the message text.
 */
import { stdSerializers } from 'pino';

export const REDACTED = '[redacted]';

/** Field names whose value is a credential wherever they appear (compared case-insensitively). */
const SECRET_KEYS = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'passwd',
  'secret',
  'client_secret',
  'clientsecret',
  'portal_secret',
  'entra_client_secret',
  'webhook_signing_secret',
  'access_token',
  'accesstoken',
  'refresh_token',
  'refreshtoken',
  'id_token',
  'idtoken',
  'token',
  'assertion',
  'client_assertion',
  'x-portal-signature',
  'webhook-signature',
  'applicationinsights_connection_string',
]);

/** For pino's `redact` (a second guard behind `scrub`): the same names at the top level and two levels down. */
export const REDACT_PATHS = [...SECRET_KEYS].flatMap((k) => {
  const key = /^[a-z_$][\w$]*$/i.test(k) ? `.${k}` : `["${k}"]`;
  return [key.startsWith('.') ? k : key, `*${key}`, `*.*${key}`];
});

const PATTERNS: [RegExp, string | ((...m: string[]) => string)][] = [
  // A bearer or basic credential, in a header echoed into a message or anywhere else.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // JWTs (access, id and client-assertion tokens) wherever they appear.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // The password of a connection string: scheme://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@\s/]*@/gi, `$1:${REDACTED}@`],
  // key=value and "key": "value" forms of secret parameters (query strings, form bodies, JSON text).
  [
    /\b(client_secret|client_assertion|password|access_token|refresh_token|id_token|code_verifier|sig|secret)(["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
    `$1$2${REDACTED}`,
  ],
  // A cookie pair whose name says it carries a credential (the portal's own cookies and the usual session names).
  [/\b((?:__Host-|__Secure-)?[\w.-]*(?:session|sess|sid|token|auth|portal_sign_in|csrf|msal)[\w.-]*=)[^;\s"',]+/gi, `$1${REDACTED}`],
  // Cookie headers: name=value pairs after Cookie: or Set-Cookie:.
  [/\b((?:set-)?cookie["']?\s*[:=]\s*["']?)[^\r\n"']+/gi, `$1${REDACTED}`],
];

/** Exact secret values known to this process (PORTAL_SECRET and friends), replaced wherever they appear. */
let knownSecrets: string[] = [];

export function setKnownSecrets(values: (string | undefined)[]): void {
  knownSecrets = values.filter((v): v is string => typeof v === 'string' && v.length >= 8).sort((a, b) => b.length - a.length);
}

export function scrubText(text: string): string {
  let out = text;
  for (const secret of knownSecrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement as string);
  return out;
}

/** A copy of `value` with secret fields removed and secret text masked; errors become pino's serialized form. */
export function scrub(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) return scrub(stdSerializers.err(value), depth + 1, seen);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, seen));
  if (value instanceof Headers) return scrub(Object.fromEntries(value), depth + 1, seen);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.has(k.toLowerCase()) ? REDACTED : scrub(v, depth + 1, seen);
  return out;
}
