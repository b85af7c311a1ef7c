# The portal's production image: Next's standalone server on Node 22 LTS (the major CI tests on),
# as a non-root user, without dev dependencies, without the demo's stand-ins (local identity
# provider, ARM stand-in, embedded PostgreSQL). The same image runs the migrations as a one-shot
# command: `node migrate.mjs` (the Container Apps job in infra/main.bicep).
#
# BASE is a build argument so that a machine without access to a container registry can pass a
# locally made Node 22 image (.ci/image.sh does); everyone else gets the official one.
ARG BASE=node:22-bookworm-slim

FROM ${BASE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# Dependencies first, so that a source change does not reinstall them. postinstall generates the
# Prisma client, which needs the schema and its config.
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm install --no-audit --no-fund
COPY . .
# `npm run build` is `next build` then scripts/standalone.mjs, which completes .next/standalone:
# static files, prisma/ (schema and migrations), serve.mjs and migrate.mjs with what they need.
RUN npm run build

FROM ${BASE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    NEXT_TELEMETRY_DISABLED=1
RUN groupadd --system portal && useradd --system --gid portal --home-dir /app --no-create-home portal
# The application files stay root-owned (read-only to the portal); only Next's cache is writable.
COPY --from=build /app/.next/standalone /app
RUN mkdir -p /app/.next/cache && chown -R portal:portal /app/.next/cache
USER portal
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# serve.mjs: Next's server with a bounded graceful shutdown on SIGTERM (server/serve.mjs).
CMD ["node", "serve.mjs"]
