/**
 * `npm run test:faults`: two portal instances from the production build on one PostgreSQL, and
 * five faults they must survive (README, Architecture: "What is proven"). Needs `next build`
 * first. Prints a summary table; exits non-zero when any check fails. Every process it starts is
 * stopped on the way out, failure or not.
 *
 * Ports: FAULTS_PORT (3200) and FAULTS_PORT_2 (its successor) for the instances, FAULTS_IDP_PORT
 * (9743) for the first instance's identity provider; data in FAULTS_DATA_DIR (.data/faults).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createPrismaClient } from '@/lib/db';
import { configFromEnv, log, startCluster, type Cluster } from '@/tests/faults/cluster';
import { call, pipelineBearer, signInAs } from '@/tests/faults/client';
import type { Ctx, ScenarioReport } from '@/tests/faults/context';
import { PEOPLE } from '@/tests/faults/fixtures';
import { idempotentPromotions } from '@/tests/faults/scenario-a-idempotency';
import { concurrentDecisions } from '@/tests/faults/scenario-b-decisions';
import { expiryWhileDown } from '@/tests/faults/scenario-c-expiry';
import { postgresRestart } from '@/tests/faults/scenario-d-postgres-restart';
import { killOneInstance } from '@/tests/faults/scenario-e-kill';

const SCENARIOS: [string, (ctx: Ctx) => Promise<ScenarioReport>][] = [
  ['(a) one Idempotency-Key, 40 concurrent creates', idempotentPromotions],
  ['(b) 50 concurrent decisions on one request', concurrentDecisions],
  ['(c) grants expire while both are stopped', expiryWhileDown],
  ['(d) PostgreSQL restart under load', postgresRestart],
  ['(e) kill -9 of one instance mid-batch', killOneInstance],
];

/** A scenario that has not finished by then has hung: it fails, and the suite goes on. */
const SCENARIO_LIMIT_MS = 6 * 60_000;

type Row = { scenario: string; result: 'PASS' | 'FAIL'; figures: string; seconds: number };

let cluster: Cluster | undefined;
let cleaning: Promise<void> | undefined;
const cleanUp = () => (cleaning ??= cluster ? cluster.stopAll().catch((e: unknown) => console.error(e)) : Promise.resolve());
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    log(`${sig}: stopping everything`);
    void cleanUp().then(() => process.exit(130));
  });

function table(rows: Row[]): string {
  const head = ['scenario', 'result', 'figures', 'time'];
  const cells = rows.map((r) => [r.scenario, r.result, r.figures, `${r.seconds.toFixed(1)} s`]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

function tail(file: string, lines = 25): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

async function main(): Promise<number> {
  const started = Date.now();
  const config = configFromEnv();
  log(`starting PostgreSQL and two instances on ports ${config.ports.join(' and ')} (data in ${config.root})`);
  cluster = await startCluster(config);
  log(`both instances ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const db = createPrismaClient(cluster.database.ownerUrl, { max: 4 });
  const cookies = new Map<string, string>();
  for (const upn of PEOPLE.approvers) cookies.set(upn, await signInAs(cluster.instances[0].url, upn, cluster.certPath));
  // A session made through instance 1 is honoured by instance 2: sessions live in PostgreSQL.
  for (const [n, instance] of cluster.instances.entries()) {
    const me = await call(instance.url, n, '/api/v1/me', { headers: { cookie: cookies.get(PEOPLE.approvers[0])! } });
    if (me.status !== 200) throw new Error(`${instance.name} refused the signed-in approver: ${me.status} ${JSON.stringify(me.body)}`);
  }
  const ctx: Ctx = { cluster, db, cookies, pipeline: await pipelineBearer(cluster.authority, cluster.certPath) };

  const rows: Row[] = [];
  for (const [name, run] of SCENARIOS) {
    log(`${name}: running`);
    const t = Date.now();
    let report: ScenarioReport;
    try {
      report = await Promise.race([
        run(ctx),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`did not finish in ${SCENARIO_LIMIT_MS / 1000} s`)), SCENARIO_LIMIT_MS),
        ),
      ]);
    } catch (e) {
      report = { figures: 'did not finish', failures: [e instanceof Error ? (e.stack ?? e.message) : String(e)] };
    }
    const seconds = (Date.now() - t) / 1000;
    rows.push({ scenario: name, result: report.failures.length ? 'FAIL' : 'PASS', figures: report.figures, seconds });
    log(`${name}: ${report.failures.length ? 'FAIL' : 'PASS'} in ${seconds.toFixed(1)} s — ${report.figures}`);
    for (const f of report.failures) log(`  ✗ ${f}`);
  }
  await db.$disconnect();
  await cleanUp();

  const failed = rows.some((r) => r.result === 'FAIL');
  if (failed) for (const i of cluster.instances) console.log(`\n--- last lines of ${i.logFile()}\n${tail(i.logFile())}`);
  console.log(`\n${table(rows)}\n\nfault suite: ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return failed ? 1 : 0;
}

main()
  .catch(async (e: unknown) => {
    console.error(`[faults] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    if (cluster) for (const i of cluster.instances) console.error(`\n--- last lines of ${i.logFile()}\n${tail(i.logFile())}`);
    return 1;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
