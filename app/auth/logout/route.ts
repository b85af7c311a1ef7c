import { NextResponse } from 'next/server';
import { getSessionActor, sessionCookieName } from '@/lib/auth/session';
import { providerMetadata } from '@/lib/auth/msal';
import { signOut } from '@/lib/auth/session-end';
import { env } from '@/lib/env';

export const dynamic = 'force-dynamic';

/** Ends the portal session (POST only; the proxy checks the origin), then the provider's. */
export async function POST() {
  const current = await getSessionActor();
  const signedOut = `${env().baseUrl}/signed-out`;
  let target = signedOut;
  if (current) {
    const { idTokenHint } = await signOut({ sessionId: current.session.id, actor: current.actor });
    const endSession = (await providerMetadata().catch(() => undefined))?.end_session_endpoint;
    if (endSession) {
      const url = new URL(endSession);
      url.searchParams.set('post_logout_redirect_uri', signedOut);
      if (idTokenHint) url.searchParams.set('id_token_hint', idTokenHint);
      target = url.toString();
    }
  }
  const res = NextResponse.redirect(target, 303);
  res.cookies.set(sessionCookieName(), '', { path: '/', expires: new Date(0), httpOnly: true, sameSite: 'lax', secure: env().secure });
  return res;
}
