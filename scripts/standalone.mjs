/**
 * Completes `next build`'s standalone output (.next/standalone) into the folder the image ships
 * and `npm start` serves:
 * - the static assets and public files, which Next leaves out of it;
 * - prisma/ (the schema and migrations: the readiness check compares them with the database, and
 *   the migration command applies them);
 * - serve.mjs, the entry with the graceful shutdown (server/serve.mjs);
 * - migrate.mjs, the one-shot migration command (scripts/migrate-deploy.ts bundled with esbuild),
 *   with the packages it needs traced by @vercel/nft and copied beside the server's.
 * Runs after `next build` (npm's postbuild, and scripts/start.ts after its own build).
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { nodeFileTrace } from '@vercel/nft';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, '.next', 'standalone');
if (!existsSync(path.join(out, 'server.js'))) {
  console.error('[standalone] .next/standalone/server.js is missing: run `next build` with output: "standalone" first');
  process.exit(1);
}

const copy = (from, to) => cpSync(path.join(root, from), path.join(out, to ?? from), { recursive: true, dereference: true });
rmSync(path.join(out, '.next', 'static'), { recursive: true, force: true });
copy('.next/static');
if (existsSync(path.join(root, 'public'))) copy('public');
rmSync(path.join(out, 'prisma'), { recursive: true, force: true });
mkdirSync(path.join(out, 'prisma'), { recursive: true });
copy('prisma/schema.prisma');
copy('prisma/migrations');
copy('server/serve.mjs', 'serve.mjs');

// The migration command: our code bundled into one file, packages left as imports.
const workDir = path.join(root, '.next', 'portal-migrate');
const bundle = path.join(workDir, 'migrate.mjs');
await build({
  entryPoints: [path.join(root, 'scripts', 'migrate-deploy.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  tsconfig: path.join(root, 'tsconfig.json'),
  logLevel: 'warning',
});
const { fileList } = await nodeFileTrace([bundle], { base: root });
const needed = [...fileList].filter((f) => f.startsWith('node_modules/'));
// The schema engine reads its .wasm beside its JavaScript through a computed path.
needed.push('node_modules/@prisma/schema-engine-wasm');
let copied = 0;
for (const f of needed) {
  if (existsSync(path.join(out, f)) && !f.endsWith('schema-engine-wasm')) continue;
  mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
  cpSync(path.join(root, f), path.join(out, f), { recursive: true, dereference: true });
  copied++;
}
cpSync(bundle, path.join(out, 'migrate.mjs'));
console.log(`[standalone] .next/standalone ready (serve.mjs, migrate.mjs; ${copied} files added for the migration command)`);
