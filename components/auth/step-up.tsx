'use client';

import type { Configuration, PublicClientApplication } from '@azure/msal-browser';
import { createContext, useCallback, useContext, useMemo, useRef, type ReactNode } from 'react';
import { beginStepUpAction, completeStepUpAction } from '@/lib/auth/actions';
import type { StepUpClientConfig } from '@/lib/auth/step-up';

type StepUpContext = { config: StepUpClientConfig; loginHint: string };
const Context = createContext<StepUpContext | null>(null);

/**
 * Provides what a step-up confirmation needs. The browser-side MSAL client is not loaded here: it
 * is fetched (a chunk of its own) only when a step-up actually starts, so pages that never ask
 * for one do not carry it.
 */
export function StepUpProvider({ config, loginHint, children }: { config: StepUpClientConfig; loginHint: string; children: ReactNode }) {
  const value = useMemo(() => ({ config, loginHint }), [config, loginHint]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

async function createMsal(config: StepUpClientConfig): Promise<PublicClientApplication> {
  const { PublicClientApplication } = await import('@azure/msal-browser');
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
  const instance = new PublicClientApplication(msalConfig);
  await instance.initialize();
  return instance;
}

/**
 * Returns `stepUp()`: a fresh interactive sign-in in a popup, verified by the server. Resolves
 * true when the session now carries a fresh authentication time; the page (and any unsaved text)
 * is untouched either way.
 */
export function useStepUp(): () => Promise<{ ok: true } | { ok: false; message: string }> {
  const ctx = useContext(Context);
  if (!ctx) throw new Error('useStepUp needs a StepUpProvider');
  const { config, loginHint } = ctx;
  const msal = useRef<{ config: StepUpClientConfig; instance: Promise<PublicClientApplication> } | null>(null);
  return useCallback(async () => {
    if (msal.current?.config !== config) msal.current = { config, instance: createMsal(config) };
    const loading = msal.current.instance;
    // Observed here so that a failed load is not an unhandled rejection when the flow ends early.
    loading.catch(() => {});
    // The client loads while the server opens the flow.
    const begun = await beginStepUpAction();
    if (!begun.ok) return { ok: false, message: begun.message };
    const flow = begun.data;
    try {
      const instance = await loading;
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
      if (msal.current?.instance === loading) msal.current = null;
      const message =
        e instanceof Error && /user_cancelled|popup_window_error/.test(e.message)
          ? 'The confirmation was cancelled or the popup was blocked.'
          : 'The confirmation sign-in did not complete.';
      return { ok: false, message };
    }
  }, [config, loginHint]);
}
