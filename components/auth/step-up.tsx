'use client';

import { PublicClientApplication, type Configuration } from '@azure/msal-browser';
import { MsalProvider, useMsal } from '@azure/msal-react';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { beginStepUpAction, completeStepUpAction } from '@/lib/auth/actions';
import type { StepUpClientConfig } from '@/lib/auth/step-up';

const LoginHint = createContext<string | undefined>(undefined);

/** Provides the browser-side MSAL client used only for step-up confirmations. */
export function StepUpProvider({ config, loginHint, children }: { config: StepUpClientConfig; loginHint: string; children: ReactNode }) {
  const instance = useMemo(() => {
    const msalConfig: Configuration = {
      auth: {
        clientId: config.clientId,
        authority: config.authority,
        knownAuthorities: config.knownAuthorities,
        ...(config.authorityMetadata ? { authorityMetadata: config.authorityMetadata } : {}),
        redirectUri: config.redirectUri,
      },
      cache: { cacheLocation: 'sessionStorage' },
      system: { protocolMode: config.protocolMode },
    };
    return new PublicClientApplication(msalConfig);
  }, [config]);
  return (
    <MsalProvider instance={instance}>
      <LoginHint.Provider value={loginHint}>{children}</LoginHint.Provider>
    </MsalProvider>
  );
}

/**
 * Returns `stepUp()`: a fresh interactive sign-in in a popup, verified by the server. Resolves
 * true when the session now carries a fresh authentication time; the page (and any unsaved text)
 * is untouched either way.
 */
export function useStepUp(): () => Promise<{ ok: true } | { ok: false; message: string }> {
  const { instance } = useMsal();
  const loginHint = useContext(LoginHint);
  return useCallback(async () => {
    const begun = await beginStepUpAction();
    if (!begun.ok) return { ok: false, message: begun.message };
    const flow = begun.data;
    try {
      await instance.initialize();
      // prompt=login and max_age both ask for a real authentication; the server checks auth_time.
      const result = await instance.loginPopup({
        scopes: ['openid', 'profile'],
        prompt: 'login',
        loginHint,
        nonce: flow.nonce,
        extraQueryParameters: { max_age: String(flow.maxAge) },
        ...(flow.claims ? { claims: flow.claims } : {}),
      });
      const done = await completeStepUpAction(flow.flowId, result.idToken);
      return done.ok ? { ok: true } : { ok: false, message: done.message };
    } catch (e) {
      const message =
        e instanceof Error && /user_cancelled|popup_window_error/.test(e.message)
          ? 'The confirmation was cancelled or the popup was blocked.'
          : 'The confirmation sign-in did not complete.';
      return { ok: false, message };
    }
  }, [instance, loginHint]);
}
