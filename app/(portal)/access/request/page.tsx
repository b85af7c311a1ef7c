import type { Metadata } from 'next';
import type { RawSearchParams } from '@/lib/web/search-params';
import { AccessRequestPage } from '../request-page';

export const metadata: Metadata = { title: 'Request access' };

export default function RequestAccessPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <AccessRequestPage mode="request" searchParams={searchParams} />;
}
