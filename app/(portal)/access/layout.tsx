import type { ReactNode } from 'react';
import { StepUpProvider } from '@/components/auth/step-up';
import { getActor } from '@/lib/auth/session';
import { stepUpClientConfig } from '@/lib/auth/step-up';

/**
 * Access pages confirm activations and break-glass with a fresh sign-in (step-up), so they carry
 * the browser's MSAL client. Signed-out visitors get no provider; each page sends them to sign in.
 */
export default async function AccessLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  if (!actor) return children;
  return (
    <StepUpProvider config={await stepUpClientConfig()} loginHint={actor.upn ?? ''}>
      {children}
    </StepUpProvider>
  );
}
