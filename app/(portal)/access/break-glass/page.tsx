import type { Metadata } from 'next';
import type { RawSearchParams } from '@/lib/web/search-params';
import { AccessRequestPage } from '../request-page';

export const metadata: Metadata = { title: 'Break glass' };

export default function BreakGlassPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  return <AccessRequestPage mode="break-glass" searchParams={searchParams} />;
}
