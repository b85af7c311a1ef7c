import { describe, expect, it } from 'vitest';
import { InvalidTokenError, wwwAuthenticate } from '@/lib/api/challenge';
import { AppError } from '@/lib/errors';

describe('WWW-Authenticate challenges (RFC 6750, RFC 9470)', () => {
  it('a missing credential gets a bare Bearer challenge, with no error code', () => {
    expect(wwwAuthenticate(new AppError('UNAUTHENTICATED', 'Sign in, or send a token.'))).toBe('Bearer');
  });

  it('a refused token gets invalid_token with a description', () => {
    expect(wwwAuthenticate(new InvalidTokenError('the token has expired'))).toBe(
      'Bearer error="invalid_token", error_description="Invalid access token: the token has expired"',
    );
  });

  it('the description cannot break out of its quoted string', () => {
    const header = wwwAuthenticate(new InvalidTokenError('the "aud" claim \\ is not accepted\r\nX-Evil: 1'))!;
    expect(header).toBe(
      'Bearer error="invalid_token", error_description="Invalid access token: the  aud  claim   is not accepted  X-Evil: 1"',
    );
  });

  it('a needed fresh sign-in is insufficient_user_authentication; other errors get no challenge', () => {
    expect(wwwAuthenticate(new AppError('STEP_UP_REQUIRED', 'Confirm'))).toMatch(/^Bearer error="insufficient_user_authentication"/);
    expect(wwwAuthenticate(new AppError('FORBIDDEN', 'no'))).toBeNull();
  });
});
