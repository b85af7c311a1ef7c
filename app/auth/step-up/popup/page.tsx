import { connection } from 'next/server';
import { StepUpPopupBridge } from './bridge';

/**
 * Rendered per request, never prerendered: the CSP allows only scripts carrying this request's
 * nonce, and a static page would carry none, so the bridge would never run.
 */
export default async function StepUpPopupPage() {
  await connection();
  return <StepUpPopupBridge />;
}
