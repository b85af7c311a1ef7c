'use client';

import type { PopupRequest } from '@azure/msal-browser';
import dynamic from 'next/dynamic';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { beginStepUpAction, completeStepUpAction } from '@/lib/auth/actions';
import type { StepUpClientConfig } from '@/lib/auth/step-up';
import type { PopupOutcome } from './msal-step-up';

// msal-react and @azure/msal-browser: a chunk of their own, fetched when a step-up starts.
const MsalStepUp = dynamic(() => import('./msal-step-up'), { ssr: false });

type Pending = { request: PopupRequest; done: (o: PopupOutcome) => void };
type StepUpContext = { config: StepUpClientConfig; loginHint: string; popup: (request: PopupRequest) => Promise<PopupOutcome> };
const Context = createContext<StepUpContext | null>(null);

/**
 * Provides what a step-up confirmation needs. The browser-side MSAL client (msal-react's
 * MsalProvider over @azure/msal-browser) is mounted only while a step-up runs, so pages that never
 * ask for one do not carry it.
 */
export function StepUpProvider({ config, loginHint, children }: { config: StepUpClientConfig; loginHint: string; children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const popup = useCallback(
    (request: PopupRequest) =>
      new Promise<PopupOutcome>((resolve) =>
        setPending({
          request,
          done: (o) => {
            setPending(null);
            resolve(o);
          },
        }),
      ),
    [],
  );
  const value = useMemo(() => ({ config, loginHint, popup }), [config, loginHint, popup]);
  return (
    <Context.Provider value={value}>
      {children}
      {pending && <MsalStepUp config={config} request={pending.request} onDone={pending.done} />}
    </Context.Provider>
  );
}

/**
 * Returns `stepUp()`: a fresh interactive sign-in in a popup, verified by the server. Resolves
 * true when the session now carries a fresh authentication time; the page (and any unsaved text)
 * is untouched either way.
 */
export function useStepUp(): () => Promise<{ ok: true } | { ok: false; message: string }> {
  const ctx = useContext(Context);
  if (!ctx) throw new Error('useStepUp needs a StepUpProvider');
  const { loginHint, popup } = ctx;
  return useCallback(async () => {
    // The MSAL chunk starts loading while the server opens the flow.
    void import('./msal-step-up');
    const begun = await beginStepUpAction();
    if (!begun.ok) return { ok: false, message: begun.message };
    const flow = begun.data;
    // prompt=login and max_age both ask for a real authentication; the server checks auth_time.
    const outcome = await popup({
      scopes: ['openid', 'profile'],
      prompt: 'login',
      loginHint,
      nonce: flow.nonce,
      extraQueryParameters: { max_age: String(flow.maxAge) },
      ...(flow.claims ? { claims: flow.claims } : {}),
    });
    if (!outcome.ok) {
      const e = outcome.error;
      const message =
        e instanceof Error && /user_cancelled|popup_window_error/.test(e.message)
          ? 'The confirmation was cancelled or the popup was blocked.'
          : 'The confirmation sign-in did not complete.';
      return { ok: false, message };
    }
    const done = await completeStepUpAction(flow.flowId, outcome.idToken);
    return done.ok ? { ok: true } : { ok: false, message: done.message };
  }, [loginHint, popup]);
}
