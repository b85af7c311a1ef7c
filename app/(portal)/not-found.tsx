import type { Metadata } from 'next';
import { NotFoundPanel } from '@/components/shell/not-found-panel';

export const metadata: Metadata = { title: 'Not found' };

export default function PortalNotFound() {
  return <NotFoundPanel />;
}
