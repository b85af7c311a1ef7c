'use client';

import { InteractionStatus, PublicClientApplication, type Configuration, type PopupRequest } from '@azure/msal-browser';
import { MsalProvider, useMsal } from '@azure/msal-react';
import { useEffect, useMemo, useRef } from 'react';
import type { StepUpClientConfig } from '@/lib/auth/step-up';

export type PopupOutcome = { ok: true; idToken: string } | { ok: false; error: unknown };

/**
 * One step-up popup through msal-react. This module (with @azure/msal-browser) is its own chunk,
 * fetched by components/auth/step-up.tsx only when a step-up starts.
 */
export default function MsalStepUp({
  config,
  request,
  onDone,
}: {
  config: StepUpClientConfig;
  request: PopupRequest;
  onDone: (o: PopupOutcome) => void;
}) {
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
      <Popup request={request} onDone={onDone} />
    </MsalProvider>
  );
}

/** Opens the popup once MsalProvider has initialised the client. */
function Popup({ request, onDone }: { request: PopupRequest; onDone: (o: PopupOutcome) => void }) {
  const { instance, inProgress } = useMsal();
  const started = useRef(false);
  useEffect(() => {
    if (started.current || inProgress !== InteractionStatus.None) return;
    started.current = true;
    instance.loginPopup(request).then(
      (result) => onDone({ ok: true, idToken: result.idToken }),
      (error: unknown) => onDone({ ok: false, error }),
    );
  }, [instance, inProgress, request, onDone]);
  return null;
}
