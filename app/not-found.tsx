import type { Metadata } from 'next';
import { NotFoundPanel } from '@/components/shell/not-found-panel';

export const metadata: Metadata = { title: 'Not found' };

/** Unmatched addresses, outside the signed-in shell. */
export default function NotFound() {
  return (
    <main id="main" className="px-4">
      <NotFoundPanel />
    </main>
  );
}
