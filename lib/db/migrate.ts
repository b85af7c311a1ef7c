/**
 * Creates and applies Prisma migrations through the schema engine compiled to WebAssembly, driven by
 * @prisma/adapter-pg. The native schema engine is a separate download that some machines cannot
 * reach; this path needs only npm packages. It writes the standard `_prisma_migrations` table and
 * `prisma/migrations/<timestamp>_<name>/migration.sql` layout, so `prisma migrate deploy` keeps
 * working wherever the native engine is available.
 *
 * The versions of prisma, @prisma/schema-engine-wasm, @prisma/adapter-pg and
 * @prisma/driver-adapter-utils are pinned together in package.json: the engine API used here is
 * internal to Prisma.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { entraPassword } from '@/lib/db/connection';
import { databaseSettings } from '@/lib/settings';

type PgConfig = {
  host: string;
  port: number;
  user: string;
  password: string | (() => Promise<string>);
  database: string;
  ssl?: pg.ConnectionConfig['ssl'];
};

const PG_INTERNAL_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const PRISMA_COLUMN_TYPE_CHARACTER = 6;

/** Discrete fields, not a connection string: the adapter overrides `database` for the shadow DB. */
export function pgConfigFromUrl(url: string): PgConfig {
  const u = new URL(url);
  const sslmode = u.searchParams.get('sslmode');
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: databaseSettings().DATABASE_AUTH === 'entra' ? entraPassword() : decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
    ...(sslmode && sslmode !== 'disable' ? { ssl: { rejectUnauthorized: sslmode === 'verify-full' } } : {}),
  };
}

type Queryable = {
  performIO: (q: unknown) => Promise<{ fields?: { dataTypeID: number }[] }>;
  queryRaw: (q: unknown) => Promise<{ columnTypes: number[] }>;
  executeScript?: (script: string) => Promise<void>;
  client?: { query: (sql: string) => Promise<unknown> };
  onError?: (e: unknown) => never;
};
/**
 * Two fixes to adapter-pg for the schema engine:
 * - it refuses Postgres's internal "char" type (OID 18), which the schema describer reads from
 *   pg_catalog (pg_constraint.contype and friends): report it as a character column;
 * - its executeScript splits migration scripts on every ";", which breaks dollar-quoted function
 *   bodies: send the script whole, as the simple-query protocol allows.
 */
function patchAdapter(adapter: object) {
  let proto: object | null = adapter;
  while (proto && !Object.hasOwn(proto, 'performIO')) proto = Object.getPrototypeOf(proto);
  if (!proto || Object.hasOwn(proto, '__acceptsInternalChar')) return;
  Object.defineProperty(proto, '__acceptsInternalChar', { value: true });
  const target = proto as Queryable;
  const performIO = target.performIO;
  const queryRaw = target.queryRaw;
  const charColumns = new WeakMap<object, number[]>();
  target.performIO = async function (this: object, q: unknown) {
    const res = await performIO.call(this, q);
    const idx: number[] = [];
    res.fields?.forEach((f, i) => {
      if (f.dataTypeID === PG_INTERNAL_CHAR_OID) {
        f.dataTypeID = PG_TEXT_OID;
        idx.push(i);
      }
    });
    charColumns.set(this, idx);
    return res;
  };
  target.queryRaw = async function (this: object, q: unknown) {
    const r = await queryRaw.call(this, q);
    for (const i of charColumns.get(this) ?? []) r.columnTypes[i] = PRISMA_COLUMN_TYPE_CHARACTER;
    return r;
  };
  let scriptProto: object | null = adapter;
  while (scriptProto && !Object.hasOwn(scriptProto, 'executeScript')) scriptProto = Object.getPrototypeOf(scriptProto);
  if (scriptProto) {
    (scriptProto as Queryable).executeScript = async function (this: Queryable, script: string) {
      try {
        await this.client!.query(script);
      } catch (error) {
        this.onError!(error);
      }
    };
  }
}

type Engine = {
  diff: (p: unknown) => Promise<{ stdout: string }>;
  applyMigrations: (p: unknown) => Promise<{ appliedMigrationNames: string[] }>;
};

type Wasm = { exports: WebAssembly.Exports & { __wbindgen_start?: () => void } };
let wasmReady: Promise<typeof import('@prisma/schema-engine-wasm/schema_engine_bg')> | undefined;
function loadWasm() {
  wasmReady ??= (async () => {
    const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const panics = { message: '', set_message: (m: string) => void (panics.message = m) };
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = panics;
    const { instance } = (await WebAssembly.instantiate(readFileSync(wasmPath), {
      './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
    })) as unknown as { instance: Wasm };
    bg.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start?.();
    return bg;
  })();
  return wasmReady;
}

export type MigrateOptions = { databaseUrl: string; projectRoot?: string; log?: (line: string) => void };

async function openEngine({ databaseUrl, projectRoot = process.cwd(), log }: MigrateOptions) {
  const bg = await loadWasm();
  const cfg = pgConfigFromUrl(databaseUrl);
  const schemaPath = path.join(projectRoot, 'prisma/schema.prisma');
  const datamodel = readFileSync(schemaPath, 'utf8');
  const factory = new PrismaPg(cfg);
  const connect = factory.connect.bind(factory);
  const opened: { dispose: () => Promise<void> }[] = [];
  factory.connect = async () => {
    const adapter = await connect();
    patchAdapter(adapter);
    opened.push(adapter);
    return adapter;
  };
  // adapter-pg drops its shadow database before closing the pool that uses it; create and drop it here instead.
  factory.connectToShadowDb = async () => {
    const name = `prisma_shadow_${process.pid}_${Date.now()}`;
    const admin = new pg.Client(cfg);
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const adapter = await new PrismaPg({ ...cfg, database: name }).connect();
    patchAdapter(adapter);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
    return adapter;
  };
  const engine = (await bg.SchemaEngine.new(
    { datamodels: [[schemaPath, datamodel]] },
    (line: string) => log?.(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  )) as unknown as Engine;
  const migrationsDir = path.join(projectRoot, 'prisma/migrations');
  // The engine keeps its connection pool open; close it so the database can be dropped or cloned.
  const close = async () => {
    (engine as unknown as { free?: () => void }).free?.();
    await Promise.all(opened.map((a) => a.dispose().catch(() => {})));
  };
  return { engine, schemaPath, datamodel, migrationsDir, close };
}

function migrationsList(migrationsDir: string) {
  const dirs = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lock = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lock) ? readFileSync(lock, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((d) => ({
      path: d,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(path.join(migrationsDir, d, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

const filters = { externalTables: [], externalEnums: [] };

/**
 * Whether the database already holds exactly the migrations in prisma/migrations, each finished,
 * not rolled back and unchanged (Prisma's checksum is the SHA-256 of migration.sql), with none
 * failed and none unknown. Then the engine would apply nothing, and starting it (loading its
 * WebAssembly and reading the schema) is most of a restart's time. Anything else, including a
 * database without the history table, goes to the engine as before.
 */
export async function migrationsUpToDate(opts: MigrateOptions): Promise<boolean> {
  const migrationsDir = path.join(opts.projectRoot ?? process.cwd(), 'prisma/migrations');
  const local = new Map(
    migrationsList(migrationsDir).migrationDirectories.map((d) => [
      d.path,
      createHash('sha256').update(d.migrationFile.content.value).digest('hex'),
    ]),
  );
  const client = new pg.Client(pgConfigFromUrl(opts.databaseUrl));
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; checksum: string; finished: boolean; rolledBack: boolean }>(
      `SELECT migration_name AS name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS "rolledBack"
         FROM _prisma_migrations`,
    );
    const live = rows.filter((r) => !r.rolledBack);
    if (live.length !== local.size) return false;
    return live.every((r) => r.finished && local.get(r.name) === r.checksum);
  } catch {
    return false;
  } finally {
    await client.end();
  }
}

/** Applies pending migrations; returns the names applied. Safe to call on every start. */
export async function applyMigrations(opts: MigrateOptions): Promise<string[]> {
  if (await migrationsUpToDate(opts)) return [];
  const { engine, migrationsDir, close } = await openEngine(opts);
  try {
    const r = await engine.applyMigrations({ migrationsList: migrationsList(migrationsDir), filters });
    return r.appliedMigrationNames;
  } finally {
    await close();
  }
}

/** The SQL that would bring the migration history up to the schema; empty when they agree. */
export async function diffSchemaAgainstMigrations(opts: MigrateOptions): Promise<string> {
  const { engine, schemaPath, datamodel, migrationsDir, close } = await openEngine(opts);
  const ml = migrationsList(migrationsDir);
  const r = await engine
    .diff({
      from: ml.migrationDirectories.length ? { tag: 'migrations', ...ml } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: datamodel }] },
      script: true,
      exitCode: null,
      shadowDatabaseUrl: null,
      filters,
    })
    .finally(close);
  const sql = r.stdout ?? '';
  return /^-- This is an empty migration/.test(sql.trim()) ? '' : sql;
}

/** Writes a new migration folder for the pending schema change; returns its path, or null if none. */
export async function createMigration(opts: MigrateOptions & { name: string }): Promise<string | null> {
  const sql = await diffSchemaAgainstMigrations(opts);
  if (!sql.trim()) return null;
  const migrationsDir = path.join(opts.projectRoot ?? process.cwd(), 'prisma/migrations');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${opts.name.replace(/[^a-z0-9_]/gi, '_')}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), sql);
  const lock = path.join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lock)) writeFileSync(lock, '# Please do not edit this file manually\nprovider = "postgresql"\n');
  return dir;
}
