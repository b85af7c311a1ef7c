/**
 * Every setting the portal reads from its environment, in one place, validated by zod.
 *
 * - Each area has a section: a schema whose keys are the variable names, a comment on each, and
 *   an accessor. To add a setting, add its key to its area's schema (or a new section, listed in
 *   SECTIONS below); nothing else in app/, components/ or lib/ may read `process.env` (ESLint).
 * - Accessors parse the environment on each call (a few microseconds), so a test that sets
 *   `process.env` before calling sees its values. A bad value throws an error naming the variable.
 * - `checkSettings()` validates every section at once; `npm start` (scripts/start.ts) and the
 *   Next server (instrumentation.ts) call it, so a bad value stops the portal at start.
 * - Plain TypeScript with no `server-only` marker, so the start script can import it too.
 */
import { z } from 'zod';

export type Source = Record<string, string | undefined>;

/** The process environment; the one place app code reads it. */
function source(): Source {
  return process.env;
}

/** The schema's variables that are set; unset and empty both mean "use the default", as a shell `VAR=` line suggests. */
function present(schema: z.ZodObject, src: Source): Source {
  const out: Source = {};
  for (const key of Object.keys(schema.shape)) {
    const v = src[key];
    if (v !== undefined && v.trim() !== '') out[key] = v;
  }
  return out;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ');
}

export class SettingsError extends Error {
  constructor(readonly problems: string) {
    super(`Invalid configuration: ${problems}`);
    this.name = 'SettingsError';
  }
}

function parse<S extends z.ZodObject>(schema: S, src: Source): z.infer<S> {
  const parsed = schema.safeParse(present(schema, src));
  if (!parsed.success) throw new SettingsError(describeIssues(parsed.error));
  return parsed.data;
}

const int = (min = 0) => z.coerce.number().int().min(min);
/** Required text; unset (or empty) reads "is not set" rather than zod's type message. */
const required = (message = 'is not set') => z.string({ error: message }).min(1, message);
const flag = z
  .enum(['0', '1', 'on', 'off', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'on' || v === 'true');
const isLoopback = (url: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);

// ─── Runtime (set by Next.js) ───────────────────────────────────────────────────────────────────

/** True while `next build` collects pages: no database, no jobs, no complete configuration. */
export function isNextBuild(src: Source = source()): boolean {
  return src.NEXT_PHASE === 'phase-production-build';
}

// ─── Web server ─────────────────────────────────────────────────────────────────────────────────

const ZWeb = z.object({
  /** The port `npm start` serves the app on. */
  PORT: int(1).max(65_535).default(3000),
  /** The public URL of the portal (links in notices, redirect URIs, cookies' Secure flag); defaults to http://localhost:<PORT>. */
  PORTAL_BASE_URL: z.url().optional(),
  /** Set by Next.js: 'production' under `next start`. */
  NODE_ENV: z.string().optional(),
  /**
   * On SIGTERM, how long requests in flight, and then the background work, each get to finish
   * (server/serve.mjs). Keep it under the platform's grace period (Container Apps: 30 s).
   */
  PORTAL_SHUTDOWN_TIMEOUT_MS: int(0).max(600_000).default(10_000),
});

export function webSettings(src: Source = source()) {
  const s = parse(ZWeb, src);
  return { ...s, baseUrl: (s.PORTAL_BASE_URL ?? `http://localhost:${s.PORT}`).replace(/\/$/, ''), dev: s.NODE_ENV !== 'production' };
}

/** The portal's public URL without a trailing slash: the same everywhere (sign-in, notices, e-mail). */
export function baseUrl(src: Source = source()): string {
  return webSettings(src).baseUrl;
}

// ─── Database ───────────────────────────────────────────────────────────────────────────────────

const ZDatabase = z.object({
  /** The portal's connection (the app role). `npm start` provides one for the embedded demo. */
  DATABASE_URL: z.string().optional(),
  /**
   * The owner role's connection, used for migrations and the bootstrap only (scripts/start.ts);
   * defaults to DATABASE_URL. See README, Database roles.
   */
  DATABASE_MIGRATION_URL: z.string().optional(),
  /** Connections per instance in the Prisma pool. */
  DATABASE_POOL_MAX: int(1).max(1000).default(10),
  /**
   * `password`: the password in the URL. `entra`: no password in the URL; each new connection
   * signs in with an Entra ID token of the managed identity (AZURE_CLIENT_ID picks a user-assigned
   * one), as Azure Database for PostgreSQL accepts (lib/db/entra-token.ts).
   */
  DATABASE_AUTH: z.enum(['password', 'entra']).optional(),
});

export function databaseSettings(src: Source = source()) {
  return parse(ZDatabase, src);
}

// ─── Sign-in and sessions (Microsoft Entra ID) ──────────────────────────────────────────────────

const ZSignIn = ZWeb.extend({
  DATABASE_URL: required(),
  /** At least 32 characters; encrypts the MSAL token cache and signs webhooks. */
  PORTAL_SECRET: required().min(32, 'must be at least 32 characters'),
  ENTRA_TENANT_ID: required(),
  ENTRA_CLIENT_ID: required(),
  ENTRA_CLIENT_SECRET: required(),
  /** Defaults to Microsoft's v2.0 endpoint for the tenant. */
  ENTRA_AUTHORITY: z.url().optional(),
  /** Comma-separated tenant ids whose users and apps may sign in; defaults to ENTRA_TENANT_ID. */
  ENTRA_ALLOWED_TENANTS: z.string().optional(),
  /** The audience of access tokens for /api/v1; defaults to api://<client id>. */
  ENTRA_API_AUDIENCE: z.string().optional(),
  GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com'),
  SESSION_IDLE_MINUTES: int(1).default(60),
  SESSION_ABSOLUTE_HOURS: int(1).default(12),
});

export type Env = z.infer<typeof ZSignIn> & {
  baseUrl: string;
  authority: string;
  allowedTenants: string[];
  apiAudience: string;
  secure: boolean;
};

/** Sign-in configuration; a missing or malformed setting fails with its name. */
export function env(src: Source = source()): Env {
  const e = parse(ZSignIn, src);
  const url = webSettings(src).baseUrl;
  return {
    ...e,
    baseUrl: url,
    authority: (e.ENTRA_AUTHORITY ?? `https://login.microsoftonline.com/${e.ENTRA_TENANT_ID}/v2.0`).replace(/\/$/, ''),
    allowedTenants: (e.ENTRA_ALLOWED_TENANTS ?? e.ENTRA_TENANT_ID)
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    apiAudience: e.ENTRA_API_AUDIENCE ?? `api://${e.ENTRA_CLIENT_ID}`,
    secure: url.startsWith('https://'),
  };
}

/** The identity provider's origin for the CSP (the proxy needs it without the rest of sign-in). */
export function identityOrigin(src: Source = source()): string {
  const { ENTRA_AUTHORITY } = parse(ZSignIn.pick({ ENTRA_AUTHORITY: true }), src);
  return new URL(ENTRA_AUTHORITY ?? 'https://login.microsoftonline.com').origin;
}

const ZTunables = z.object({
  /** Seconds since sign-in within which a high-risk decision needs no new sign-in. */
  STEP_UP_MAX_AGE_SECONDS: int(30).default(300),
  /** Comma-separated Entra authentication context ids (the `acrs` claim) a step-up must satisfy, e.g. `c1`. */
  STEP_UP_REQUIRED_ACRS: z.string().trim().optional(),
  /** An app role (the `roles` claim) every service identity's access token must carry, e.g. `Portal.Pipeline`. */
  API_REQUIRED_APP_ROLE: z.string().trim().optional(),
});

// ─── Outbound calls and chat notifications (lib/security/outbound-url.ts, lib/notifications/chat.ts)

const ZOutbound = z.object({
  /** Comma-separated exact `host:port` entries exempt from the outbound URL policy (http allowed, any address). */
  OUTBOUND_ALLOWED_HOSTS: z.string().optional(),
  /** The chat webhook's dialect; `auto` tells Slack and Teams apart by the webhook's host. */
  NOTIFY_WEBHOOK_FORMAT: z.enum(['auto', 'teams', 'slack', 'generic']).default('auto'),
  /** `summary` (default): channel posts name the project and the event only; `full` adds the notice text, escaped. */
  NOTIFY_CHANNEL_DETAIL: z.enum(['summary', 'full']).default('summary'),
});

export function outboundSettings(src: Source = source()): z.infer<typeof ZOutbound> {
  return parse(ZOutbound, src);
}

// ─── Rate limits (lib/api/rate-limit.ts); 0 turns a limit off ───────────────────────────────────

const ZRateLimits = z.object({
  /** /api/v1 calls per calling identity (a person or a service identity) per minute, across instances. */
  API_RATE_LIMIT_PER_MINUTE: int().default(600),
  /** Sign-in starts (/auth/login) per client address per minute. */
  LOGIN_RATE_LIMIT_PER_MINUTE: int().default(60),
});

export function rateLimitSettings(src: Source = source()): z.infer<typeof ZRateLimits> {
  return parse(ZRateLimits, src);
}

/** Tunables with defaults, readable by services and jobs without the sign-in configuration. */
export function settings(src: Source = source()): z.infer<typeof ZTunables> {
  return parse(ZTunables, src);
}

// ─── Performance (lib/auth/actor-cache.ts, bench/) ─────────────────────────────────────────────

const ZPerformance = z.object({
  /** How long a resolved actor is reused, in ms; 0 turns the cache off. Writes invalidate it at once on every instance. */
  ACTOR_CACHE_MS: int().max(30_000).default(5_000),
  /** `1`: serves the benchmark's framework-floor route (/api/bench-floor); leave unset in production. */
  PORTAL_BENCH_FLOOR: flag,
});

export function performanceSettings(src: Source = source()): z.infer<typeof ZPerformance> {
  return parse(ZPerformance, src);
}

// ─── Background jobs (pg-boss) ──────────────────────────────────────────────────────────────────

const ZJobs = z.object({
  /** 'off': this instance runs no job workers (it can still enqueue). */
  PORTAL_JOBS: z.enum(['on', 'off']).default('on'),
  /** The periodic AML sync as a cron expression, or 'off'. */
  AML_SYNC_CRON: z.string().trim().default('*/30 * * * *'),
  AML_SYNC_RETRY_LIMIT: int().max(100).default(3),
  AML_SYNC_RETRY_DELAY_SECONDS: int().default(30),
  AML_SYNC_EXPIRE_SECONDS: int(1).default(3600),
  /** Workspaces synced at once per instance. */
  AML_SYNC_WORKERS: int(1).max(64).default(2),
  AML_WRITE_BACK_RETRY_LIMIT: int().max(100).default(5),
  AML_WRITE_BACK_RETRY_DELAY_SECONDS: int().default(30),
  /** How often each instance sends the outbox, in ms. */
  OUTBOX_POLL_MS: int(100).default(2000),
  /** How long a worker holds a claimed outbox message before another instance may take it over. */
  OUTBOX_LEASE_SECONDS: int(5).default(60),
});

export function jobSettings(src: Source = source()) {
  const s = parse(ZJobs, src);
  return { ...s, amlSyncCron: s.AML_SYNC_CRON === 'off' ? null : s.AML_SYNC_CRON };
}

// ─── Notifications and webhooks (lib/outbox) ────────────────────────────────────────────────────

const ZOutbox = z.object({
  /** Signs outgoing webhooks and pipeline callbacks; without it they are skipped. */
  WEBHOOK_SIGNING_SECRET: z.string().optional(),
  /** A Teams or Slack incoming webhook for channel notices. */
  NOTIFY_WEBHOOK_URL: z.url().optional(),
  /** smtp:// or smtps:// server for e-mail notices; without it e-mail is skipped. */
  SMTP_URL: z.url().optional(),
  SMTP_FROM: z.string().default('ML Governance Portal <no-reply@localhost>'),
});

export function outboxSettings(src: Source = source()) {
  return { ...parse(ZOutbox, src), baseUrl: baseUrl(src) };
}

// ─── Azure Resource Manager (AML connector, role assignments, PIM) ──────────────────────────────

const ZAzure = z.object({
  /** Resource Manager; set it for a sovereign cloud. Setting it also marks Azure as configured. */
  AZURE_ARM_ENDPOINT: z.url().optional(),
  /** The demo's local stand-in (loopback only; a fixed token instead of an Azure identity). */
  PORTAL_FAKE_ARM_URL: z.url().refine(isLoopback, 'must point at this machine (localhost or 127.0.0.1)').optional(),
  /** Retries inside one call (the SDK's policy, with back-off and jitter). */
  AZURE_ARM_MAX_RETRIES: int().max(20).default(4),
  AZURE_ARM_RETRY_DELAY_MS: int().default(1_000),
  AZURE_ARM_MAX_RETRY_DELAY_MS: int().default(30_000),
  /** A throttling answer asking for a longer wait is deferred to the job queue instead. */
  AZURE_ARM_MAX_INLINE_RETRY_AFTER_SECONDS: int().default(60),
  /** Read by @azure/identity; here only to tell whether an Azure identity is configured. */
  AZURE_CLIENT_ID: z.string().optional(),
  /** Set by Azure for a managed identity; as above. */
  IDENTITY_ENDPOINT: z.string().optional(),
});

export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';

export function azureSettings(src: Source = source()) {
  const s = parse(ZAzure, src);
  return {
    ...s,
    /** The stand-in's URL when set, else the configured or public Resource Manager. */
    endpoint: (s.PORTAL_FAKE_ARM_URL ?? s.AZURE_ARM_ENDPOINT ?? DEFAULT_ARM_ENDPOINT).replace(/\/$/, ''),
    fake: s.PORTAL_FAKE_ARM_URL !== undefined,
    /** An Azure identity (or an explicit endpoint, or the stand-in) is there to call ARM with. */
    configured: Boolean(s.PORTAL_FAKE_ARM_URL || s.AZURE_CLIENT_ID || s.IDENTITY_ENDPOINT || s.AZURE_ARM_ENDPOINT),
    retry: {
      maxRetries: s.AZURE_ARM_MAX_RETRIES,
      retryDelayInMs: s.AZURE_ARM_RETRY_DELAY_MS,
      maxRetryDelayInMs: s.AZURE_ARM_MAX_RETRY_DELAY_MS,
    },
    maxInlineRetryAfterMs: s.AZURE_ARM_MAX_INLINE_RETRY_AFTER_SECONDS * 1000,
  };
}

// ─── Telemetry and logs (lib/telemetry) ─────────────────────────────────────────────────────────

const ZTelemetry = z.object({
  /** The lowest level written to the JSON log on stdout. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Application Insights: traces and metrics go to Azure Monitor when set. */
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().trim().optional(),
  /** An OTLP/HTTP collector (e.g. http://otel-collector:4318): traces and metrics go there when set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** http/protobuf (default) or http/json. */
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json']).default('http/protobuf'),
  /** The service name on every span and metric. */
  OTEL_SERVICE_NAME: z.string().trim().default('ml-governance-portal'),
  /** How often the operational gauges are computed and exported, in seconds. */
  OPS_METRICS_INTERVAL_SECONDS: int(5).max(3600).default(60),
});

export function telemetrySettings(src: Source = source()) {
  return parse(ZTelemetry, src);
}

/** Secret values this process holds, so the logger can mask them wherever they appear. */
export function secretValues(src: Source = source()): string[] {
  const keys = ['PORTAL_SECRET', 'ENTRA_CLIENT_SECRET', 'WEBHOOK_SIGNING_SECRET', 'APPLICATIONINSIGHTS_CONNECTION_STRING'];
  const values = keys.map((k) => src[k]).filter((v): v is string => Boolean(v));
  for (const url of [src.DATABASE_URL, src.DATABASE_MIGRATION_URL, src.SMTP_URL]) {
    try {
      if (url && new URL(url).password) values.push(decodeURIComponent(new URL(url).password));
    } catch {
      // Not a URL: nothing to mask.
    }
  }
  return values;
}

// ─── Just-in-time access (lib/jit) ──────────────────────────────────────────────────────────────

const ZJit = z.object({
  /**
   * Tests only: lets a grant last seconds rather than minutes, so an end-to-end test can watch one
   * expire. Never set in production.
   */
  PORTAL_ALLOW_SHORT_JIT: flag,
  JIT_MIN_DURATION_SECONDS: int(60).default(300),
  /** An approved request not activated within this many hours (from its start) expires. */
  JIT_ACTIVATION_WINDOW_HOURS: int(1)
    .max(24 * 14)
    .default(24),
  /** The requester hears this long before a grant ends. */
  JIT_EXPIRY_NOTICE_MINUTES: int(1)
    .max(24 * 60)
    .default(15),
  /** A break-glass activation must be reviewed within this many hours. */
  JIT_BREAK_GLASS_REVIEW_HOURS: int(1)
    .max(24 * 30)
    .default(48),
  /**
   * 'on': activation, extension and removal also go to Azure PIM (role assignment schedule
   * requests), at the Resource Manager the AML connector uses (AZURE_ARM_ENDPOINT).
   */
  JIT_AZURE_ENFORCEMENT: flag,
  JIT_AZURE_MAX_ATTEMPTS: int(1).max(50).default(8),
  JIT_AZURE_RETRY_BASE_MS: int().default(30_000),
  JIT_AZURE_RETRY_MAX_MS: int().default(30 * 60_000),
  /**
   * The longest a grant may last in total, from activation to its end with every extension
   * applied: extensions past it are refused.
   */
  JIT_MAX_GRANT_HOURS: int(1).max(72).default(8),
  /**
   * After a break-glass activation ends, the same person waits this long before the next one,
   * unless the platform lead waives it (lib/jit/break-glass.ts); 0 turns the wait off.
   */
  JIT_BREAK_GLASS_COOLDOWN_MINUTES: int(0)
    .max(7 * 24 * 60)
    .default(120),
  /** How long a platform lead's waiver of the break-glass wait stays usable. */
  JIT_BREAK_GLASS_WAIVER_HOURS: int(1).max(72).default(4),
  /** How long a worker holds a claimed Azure call before another may take it over. */
  JIT_AZURE_LEASE_SECONDS: int(5).default(120),
});

/** The shortest grant a test may ask for when PORTAL_ALLOW_SHORT_JIT is set. */
export const SHORT_JIT_MIN_SECONDS = 5;

export type JitSettings = z.infer<typeof ZJit> & { minDurationSeconds: number };

export function jitSettings(src: Source = source()): JitSettings {
  const s = parse(ZJit, src);
  return { ...s, minDurationSeconds: s.PORTAL_ALLOW_SHORT_JIT ? SHORT_JIT_MIN_SECONDS : s.JIT_MIN_DURATION_SECONDS };
}

// ─── The start script (scripts/start.ts: the embedded demo and its stand-ins) ───────────────────

const port = int(0).max(65_535);
const ZStart = z.object({
  /** Where the embedded database, the demo's secrets and the certificate live. */
  PORTAL_DATA_DIR: z.string().default('.data'),
  /** '1': seed the demo organisation into a configured DATABASE_URL too (only into an empty inventory). */
  PORTAL_SEED_DEMO: z.enum(['0', '1']).default('0'),
  /** '1': serve the existing build without checking whether sources changed. */
  PORTAL_SKIP_BUILD: z.enum(['0', '1']).default('0'),
  /** Ports of the embedded database (0: any free one), the local identity provider and the ARM stand-in. */
  PORTAL_PG_PORT: port.default(0),
  PORTAL_IDP_PORT: port.default(9443),
  PORTAL_ARM_PORT: port.default(0),
});

export function startSettings(src: Source = source()) {
  return parse(ZStart, src);
}

// ─── Evidence packs (lib/evidence-pack) ───────────────────────────────────────────────────────────

const ZEvidencePack = z.object({
  /** Ed25519 private key (PKCS#8 PEM, or its base64) that signs evidence packs; a Key Vault reference in Azure. Unset: derived from PORTAL_SECRET (the demo). */
  EVIDENCE_SIGNING_KEY: z.string().optional(),
});

export function evidencePackSettings(src: Source = source()) {
  return { ...parse(ZEvidencePack, src), PORTAL_SECRET: src.PORTAL_SECRET?.trim() || undefined };
}

// ─── Validation at start ────────────────────────────────────────────────────────────────────────

/** Every section; `signIn` only where the sign-in configuration must be complete (the app server). */
const SECTIONS = {
  web: ZWeb,
  database: ZDatabase,
  tunables: ZTunables,
  rateLimits: ZRateLimits,
  performance: ZPerformance,
  outbound: ZOutbound,
  jobs: ZJobs,
  outbox: ZOutbox,
  azure: ZAzure,
  jit: ZJit,
  telemetry: ZTelemetry,
  start: ZStart,
  evidencePack: ZEvidencePack,
};

/**
 * Validates every setting at once and throws one error naming each bad variable. With
 * `signIn: true` the sign-in settings must be present too (the Next server; the start script
 * checks before it has filled them in for the demo).
 */
export function checkSettings(src: Source = source(), opts: { signIn?: boolean } = {}): void {
  const schemas: z.ZodObject[] = [...Object.values(SECTIONS), ...(opts.signIn ? [ZSignIn] : [])];
  const problems = new Set<string>();
  for (const schema of schemas) {
    const parsed = schema.safeParse(present(schema, src));
    if (!parsed.success) for (const i of parsed.error.issues) problems.add(`${i.path.join('.')}: ${i.message}`);
  }
  if (problems.size) throw new SettingsError([...problems].join('; '));
}
