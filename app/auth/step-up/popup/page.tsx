'use client';

import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';
import { useEffect } from 'react';

/** The popup's redirect target: hands the sign-in response back to the page that opened it. */
export default function StepUpPopupBridge() {
  useEffect(() => {
    broadcastResponseToMainFrame().catch(() => {});
  }, []);
  return <p>Completing the confirmation…</p>;
}
