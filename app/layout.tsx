import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'ML Governance Portal', template: '%s · ML Governance Portal' },
  description: 'Governance of Azure Machine Learning projects, models, environments and access.',
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { themeColor: '#0b1b2b' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en-GB">
      <body className="min-h-dvh font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
