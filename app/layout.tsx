import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'ML Governance Portal', template: '%s · ML Governance Portal' },
  description: 'Governance of Azure Machine Learning projects, models, environments and access.',
  robots: { index: false, follow: false },
  // Served from public/: the mark, the install manifest and robots.txt need no rendering.
  icons: { icon: { url: '/icon.svg', type: 'image/svg+xml' } },
  manifest: '/manifest.webmanifest',
};

export const viewport: Viewport = { themeColor: '#0b1b2b' };

/**
 * Every page renders per request: the Content-Security-Policy carries a fresh nonce each time
 * (proxy.ts), and Next can only stamp it on the scripts of pages it renders dynamically.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en-GB">
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}
