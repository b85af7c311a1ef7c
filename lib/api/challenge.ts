/**
 * The `WWW-Authenticate` challenge of a 401 (RFC 6750 §3): `Bearer` alone when the request
 * carried no credentials, `Bearer error="invalid_token"` when it carried a token that was refused,
 * and RFC 9470's `insufficient_user_authentication` when a fresh sign-in is needed. Pure, so the
 * API's error mapping can use it without loading the sign-in configuration.
 */
import { AppError } from '@/lib/errors';

/** A bearer token was presented and refused (malformed, expired, wrong issuer, not app-only…). */
export class InvalidTokenError extends AppError {
  readonly bearerError = 'invalid_token';
  constructor(reason: string) {
    super('UNAUTHENTICATED', `Invalid access token: ${reason}`);
  }
}

/** RFC 6750 allows only printable ASCII without `"` and `\` inside error_description. */
function quoted(text: string): string {
  return `"${text.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, ' ').slice(0, 300)}"`;
}

export function wwwAuthenticate(e: AppError): string | null {
  if (e instanceof InvalidTokenError) return `Bearer error="invalid_token", error_description=${quoted(e.message)}`;
  if (e.code === 'STEP_UP_REQUIRED') return `Bearer error="insufficient_user_authentication", error_description=${quoted(e.message)}`;
  if (e.code === 'UNAUTHENTICATED') return 'Bearer';
  return null;
}
