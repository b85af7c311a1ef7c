import 'server-only';
import { z } from 'zod';

const ZEnv = z.object({
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is not set'),
  PORTAL_BASE_URL: z.url().optional(),
  PORT: z.coerce.number().int().default(3000),
  /** At least 32 characters; encrypts the MSAL token cache and signs webhooks. */
  PORTAL_SECRET: z.string().min(32, 'PORTAL_SECRET must be at least 32 characters'),
  ENTRA_TENANT_ID: z.string().min(1, 'ENTRA_TENANT_ID is not set'),
  ENTRA_CLIENT_ID: z.string().min(1, 'ENTRA_CLIENT_ID is not set'),
  ENTRA_CLIENT_SECRET: z.string().min(1, 'ENTRA_CLIENT_SECRET is not set'),
  /** Defaults to Microsoft's v2.0 endpoint for the tenant. */
  ENTRA_AUTHORITY: z.url().optional(),
  /** Comma-separated tenant ids whose users and apps may sign in; defaults to ENTRA_TENANT_ID. */
  ENTRA_ALLOWED_TENANTS: z.string().optional(),
  /** The audience of access tokens for /api/v1; defaults to api://<client id>. */
  ENTRA_API_AUDIENCE: z.string().optional(),
  GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
});

const ZSettings = z.object({
  /** Seconds since sign-in within which a high-risk decision needs no new sign-in. */
  STEP_UP_MAX_AGE_SECONDS: z.coerce.number().int().min(30).default(300),

  // --- Rate limits (lib/api/rate-limit.ts); 0 turns a limit off ---
  /** /api/v1 calls per calling identity (a person or a service identity) per minute, across instances. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** Sign-in starts (/auth/login) per client address per minute. */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  // --- end of rate limits ---
});

/** Tunables with defaults, readable by services and jobs without the sign-in configuration. */
export function settings(): z.infer<typeof ZSettings> {
  return ZSettings.parse(process.env);
}

export type Env = z.infer<typeof ZEnv> & {
  baseUrl: string;
  authority: string;
  allowedTenants: string[];
  apiAudience: string;
  secure: boolean;
};

/**
 * Server configuration, validated on each call (a few microseconds) so that it always reflects
 * the process environment; a missing or malformed setting fails with its name.
 */
export function env(): Env {
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success)
    throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  const baseUrl = (e.PORTAL_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    ...e,
    baseUrl,
    authority: (e.ENTRA_AUTHORITY ?? `https://login.microsoftonline.com/${e.ENTRA_TENANT_ID}/v2.0`).replace(/\/$/, ''),
    allowedTenants: (e.ENTRA_ALLOWED_TENANTS ?? e.ENTRA_TENANT_ID)
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    apiAudience: e.ENTRA_API_AUDIENCE ?? `api://${e.ENTRA_CLIENT_ID}`,
    secure: baseUrl.startsWith('https://'),
  };
}
