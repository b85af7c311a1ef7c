/**
 * An enterprise-sized estate for benchmarks and for finding slow queries before users do:
 * 1,000 projects, 50,000 model versions, 200,000 persona assignments, 1,000,000 audit events,
 * 2,500 pending and 6,000 decided promotion requests at factor 1. Rows are made by set-based SQL (INSERT … SELECT over generate_series and unnest) in one
 * transaction: nothing is left half-done if it fails, and the whole estate loads in well under the
 * time of a row-by-row seed.
 *
 * Every id is derived from the row's ordinal (md5 → uuid), so runs are reproducible and rows can be
 * found again: `scaleUserUpn(1)` is the first portfolio owner, who holds 100 projects at factor 1.
 *
 * Portfolios: project n belongs to portfolio (n - 1) % 10. Each portfolio has a business owner, a
 * model-validation lead and a portfolio delivery lead (a second project lead on every project of
 * the portfolio) beside each project's own lead. Portfolio 1 is the busy one: a third of the
 * pending promotions are in its projects, so its people's "My approvals" holds hundreds.
 */
import type pg from 'pg';

export const SCALE_MARKER_IMPLEMENTATION = 'SCALE-ENT';

export const SCALE_TARGETS = {
  projects: 1_000,
  modelVersions: 50_000,
  assignments: 200_000,
  auditEvents: 1_000_000,
  pendingPromotions: 2_500,
  closedPromotions: 6_000,
};

/** Business owners, model-validation leads and portfolio delivery leads (10 each): each holds a tenth of all projects. */
export const PORTFOLIO_OWNERS = 10;
export const VALIDATION_LEADS = 10;
export const PORTFOLIO_LEADS = 10;
const NAMED = PORTFOLIO_OWNERS + VALIDATION_LEADS + PORTFOLIO_LEADS;
/** Each project lead leads this many projects. */
const PROJECTS_PER_LEAD = 4;
const GROUP_MEMBERS = 20;
const JIT_GRANTS_PER_THOUSAND_PROJECTS = 500;
const PLATFORM_ENGINEERS = 20;

export function scaleUserUpn(n: number) {
  if (n <= PORTFOLIO_OWNERS) return `owner${pad(n, 2)}.scale@contoso.example`;
  if (n <= PORTFOLIO_OWNERS + VALIDATION_LEADS) return `validation${pad(n - PORTFOLIO_OWNERS, 2)}.scale@contoso.example`;
  if (n <= NAMED) return `lead${pad(n - PORTFOLIO_OWNERS - VALIDATION_LEADS, 2)}.scale@contoso.example`;
  return `user${pad(n, 6)}.scale@contoso.example`;
}

export const scaleProjectCode = (n: number) => `SCALE-${pad(n, 4)}`;

function pad(n: number, width: number) {
  return String(n).padStart(width, '0');
}

/** Deterministic PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const IMPLEMENTATIONS = [
  { code: 'SCALE-ENT', name: 'Enterprise ML platform (scale)', kind: 'ENTERPRISE', classification: 'GENERAL' },
  { code: 'SCALE-FIN', name: 'Finance', kind: 'DEPARTMENT', classification: 'CONFIDENTIAL' },
  { code: 'SCALE-RISK', name: 'Group risk', kind: 'DEPARTMENT', classification: 'CONFIDENTIAL' },
  { code: 'SCALE-HR', name: 'People analytics', kind: 'DEPARTMENT', classification: 'HIGHLY_CONFIDENTIAL' },
  { code: 'SCALE-HEALTH', name: 'Occupational health', kind: 'DEPARTMENT', classification: 'HIGHLY_CONFIDENTIAL' },
  { code: 'SCALE-MKT', name: 'Marketing science', kind: 'DEPARTMENT', classification: 'GENERAL' },
  { code: 'SCALE-OPS', name: 'Operations research', kind: 'DEPARTMENT', classification: 'GENERAL' },
  { code: 'SCALE-LEGAL', name: 'Legal and compliance', kind: 'DEPARTMENT', classification: 'CONFIDENTIAL' },
  { code: 'SCALE-P-AML', name: 'Anti-money-laundering (single project)', kind: 'PROJECT', classification: 'HIGHLY_CONFIDENTIAL' },
  { code: 'SCALE-P-SANCTIONS', name: 'Sanctions screening (single project)', kind: 'PROJECT', classification: 'HIGHLY_CONFIDENTIAL' },
] as const;
const SINGLE_PROJECT_IMPLEMENTATIONS = IMPLEMENTATIONS.filter((i) => i.kind === 'PROJECT');
const DEPARTMENTS = IMPLEMENTATIONS.filter((i) => i.kind === 'DEPARTMENT');

const DOMAINS = [
  'Card',
  'Claims',
  'Customer',
  'Demand',
  'Pricing',
  'Credit',
  'Supply chain',
  'Campaign',
  'Payments',
  'Treasury',
  'Workforce',
  'Contact centre',
  'Logistics',
  'Energy',
  'Mortgage',
  'Merchant',
  'Store',
  'Document',
  'Network',
  'Procurement',
];
const TASKS = [
  'fraud detection',
  'churn propensity',
  'forecasting',
  'anomaly detection',
  'classification',
  'recommendation',
  'segmentation',
  'optimisation',
  'triage',
  'risk scoring',
  'next best action',
  'entity resolution',
];
const MODEL_KINDS = [
  { suffix: 'scorer', metric: 'auc', framework: 'lightgbm' },
  { suffix: 'classifier', metric: 'f1', framework: 'xgboost' },
  { suffix: 'forecaster', metric: 'mape', framework: 'prophet' },
  { suffix: 'ranker', metric: 'ndcg', framework: 'pytorch' },
  { suffix: 'regressor', metric: 'rmse', framework: 'sklearn' },
  { suffix: 'extractor', metric: 'accuracy', framework: 'transformers' },
] as const;

type Lifecycle = 'PROPOSED' | 'DEVELOPMENT' | 'TESTING' | 'PRODUCTION' | 'ITERATION' | 'RETIRED';

function lifecycleFor(r: number): Lifecycle {
  if (r < 0.05) return 'PROPOSED';
  if (r < 0.35) return 'DEVELOPMENT';
  if (r < 0.5) return 'TESTING';
  if (r < 0.85) return 'PRODUCTION';
  if (r < 0.95) return 'ITERATION';
  return 'RETIRED';
}

export type ScalePlan = ReturnType<typeof planScale>;

/**
 * The shape of the estate, decided in JS where distributions are easy to read: projects, and per
 * model how many versions it has (heavy-tailed, summing exactly to the target). The bulk rows
 * (versions, assignments, audit events) are then generated in SQL from this plan.
 */
export function planScale(factor = 1) {
  const rand = prng(20_261_123);
  const projects = Math.max(10, Math.round(SCALE_TARGETS.projects * factor));
  const modelVersions = Math.max(100, Math.round(SCALE_TARGETS.modelVersions * factor));
  const assignments = Math.max(200, Math.round(SCALE_TARGETS.assignments * factor));
  const auditEvents = Math.max(1_000, Math.round(SCALE_TARGETS.auditEvents * factor));
  const leads = Math.ceil(projects / PROJECTS_PER_LEAD);
  const firstTeamUser = NAMED + leads + 1;
  const pendingPromotions = Math.max(20, Math.round(SCALE_TARGETS.pendingPromotions * factor));
  const closedPromotions = Math.max(40, Math.round(SCALE_TARGETS.closedPromotions * factor));
  const users = Math.max(firstTeamUser + 50, Math.round(assignments / 8));
  const now = Date.now();
  const DAY = 86_400_000;

  const projectRows = Array.from({ length: projects }, (_, i) => {
    const n = i + 1;
    const impl =
      n <= SINGLE_PROJECT_IMPLEMENTATIONS.length
        ? SINGLE_PROJECT_IMPLEMENTATIONS[i]!
        : rand() < 0.6
          ? IMPLEMENTATIONS[0]
          : DEPARTMENTS[Math.floor(rand() * DEPARTMENTS.length)]!;
    const domain = DOMAINS[Math.floor(rand() * DOMAINS.length)]!;
    const task = TASKS[Math.floor(rand() * TASKS.length)]!;
    const classification = impl.code === 'SCALE-ENT' && rand() < 0.15 ? 'PUBLIC' : impl.classification;
    return {
      n,
      code: scaleProjectCode(n),
      name: `${domain} ${task} ${pad(n, 4)}`,
      description: `${domain} ${task} for the ${impl.name.toLowerCase()} portfolio.`,
      implementation: impl.code,
      lifecycle: lifecycleFor(rand()),
      classification,
      costCenter: `CC-${1000 + Math.floor(rand() * 8999)}`,
      createdAt: new Date(now - Math.floor((0.05 + rand() * 0.95) * 3 * 365) * DAY),
      owner: 1 + ((n - 1) % PORTFOLIO_OWNERS),
      lead: NAMED + 1 + Math.floor((n - 1) / PROJECTS_PER_LEAD),
    };
  });

  // Models: none before development; otherwise 1-12, most projects having a handful.
  const modelRows: { project: number; name: string; metric: string; framework: string; weight: number; versions: number }[] = [];
  for (const p of projectRows) {
    if (p.lifecycle === 'PROPOSED') continue;
    const count = 1 + Math.floor(Math.pow(rand(), 2) * 12);
    const used = new Set<string>();
    for (let k = 0; k < count; k++) {
      const kind = MODEL_KINDS[Math.floor(rand() * MODEL_KINDS.length)]!;
      let name = `${p.name.split(' ')[0]!.toLowerCase()}-${kind.suffix}`;
      if (used.has(name)) name = `${name}-${k + 1}`;
      used.add(name);
      // Pareto-like weight: most models have a few versions, a few have hundreds.
      modelRows.push({
        project: p.n,
        name,
        metric: kind.metric,
        framework: kind.framework,
        weight: 1 / Math.pow(1 - rand() * 0.999, 0.9),
        versions: 1,
      });
    }
  }
  // One hot model (on the first project with models) with 4% of all versions, for deep-page benchmarks.
  const hot = modelRows[0]!;
  const hotVersions = Math.max(10, Math.round(modelVersions * 0.04));
  const rest = modelRows.slice(1);
  const remaining = modelVersions - hotVersions - rest.length;
  const totalWeight = rest.reduce((s, m) => s + m.weight, 0);
  let assigned = 0;
  for (const m of rest) {
    const extra = Math.floor((m.weight / totalWeight) * remaining);
    m.versions = 1 + extra;
    assigned += extra;
  }
  for (let i = 0; assigned < remaining; i = (i + 1) % rest.length, assigned++) rest[i]!.versions++;
  hot.versions = hotVersions;

  return {
    factor,
    counts: {
      projects,
      modelVersions,
      assignments,
      auditEvents,
      pendingPromotions,
      closedPromotions,
      users,
      leads,
      firstTeamUser,
      models: modelRows.length,
    },
    projects: projectRows,
    models: modelRows,
    hotModel: { project: scaleProjectCode(hot.project), name: hot.name, versions: hot.versions },
  };
}

type Query = (sql: string, params?: unknown[]) => Promise<pg.QueryResult>;

export type ScaleResult = { plan: ScalePlan; counts: Record<string, number>; timings: [string, number][] };

/** Fails with a message when the estate was already loaded: a second load would double it. */
async function assertNotScaled(query: Query) {
  const marker = await query(`SELECT 1 FROM "Implementation" WHERE code = $1`, [SCALE_MARKER_IMPLEMENTATION]);
  if (!marker.rowCount) return;
  const { rows } = await query(`SELECT count(*)::int AS n FROM "Project" WHERE code LIKE 'SCALE-%'`);
  throw new Error(
    `This database is already scaled (implementation ${SCALE_MARKER_IMPLEMENTATION} and ${rows[0].n} SCALE- projects exist). ` +
      'Loading again would double the estate; use a fresh database instead.',
  );
}

/**
 * Loads the estate through one connection, in one transaction. The catalogue (personas,
 * environments) must already be there: bootstrap the database first.
 */
export async function seedScale(client: pg.Client, opts: { factor?: number; log?: (line: string) => void } = {}): Promise<ScaleResult> {
  const log = opts.log ?? (() => {});
  const plan = planScale(opts.factor ?? 1);
  const c = plan.counts;
  const query: Query = (sql, params) => client.query(sql, params);
  const timings: [string, number][] = [];
  const step = async (label: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    const ms = performance.now() - t0;
    timings.push([label, ms]);
    log(`${label.padEnd(34)} ${(ms / 1000).toFixed(1)} s`);
  };

  await query('BEGIN');
  try {
    await query(`SET LOCAL timezone = 'UTC'`);
    await query('SET LOCAL synchronous_commit = off');
    await query(`SELECT pg_advisory_xact_lock(727002)`);
    await assertNotScaled(query);
    await query(`SELECT setseed(0.42)`);
    const personas = await query(`SELECT key FROM "Persona"`);
    if (personas.rowCount !== 12) throw new Error('The catalogue is missing: bootstrap the database (migrations and catalogue) first.');

    await step('users and service identities', () => seedPeople(query, plan));
    await step('implementations and projects', () => seedProjects(query, plan));
    await step('workspaces', () => seedWorkspaces(query));
    await step(`models and ${c.modelVersions.toLocaleString('en')} versions`, () => seedModels(query, plan));
    await step('deployments', () => seedDeployments(query));
    await step(`${c.assignments.toLocaleString('en')} persona assignments`, () => seedAssignments(query, plan));
    let promotionEvents = 0;
    await step(`${(c.pendingPromotions + c.closedPromotions).toLocaleString('en')} promotion requests`, async () => {
      promotionEvents = await seedPromotions(query, plan);
    });
    // The promotions' own trail counts towards the audit target.
    await step(`${c.auditEvents.toLocaleString('en')} audit events`, () => seedAudit(query, plan, c.auditEvents - promotionEvents));
    await step('commit', () => query('COMMIT'));
  } catch (e) {
    await query('ROLLBACK').catch(() => {});
    throw e;
  }
  // As autovacuum would have by now: statistics for the planner, and the visibility map for index-only scans.
  await step('vacuum and analyze', () => query('VACUUM (ANALYZE)'));

  const counts: Record<string, number> = {};
  for (const table of [
    'User',
    'ServiceIdentity',
    'Implementation',
    'Project',
    'Workspace',
    'Model',
    'ModelVersion',
    'Deployment',
    'Group',
    'GroupMember',
    'PersonaAssignment',
    'AuditEvent',
    'PromotionRequest',
    'PromotionDecision',
  ]) {
    counts[table] = (await query(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0].n;
  }
  counts['PromotionRequest (pending)'] = (
    await query(`SELECT count(*)::int AS n FROM "PromotionRequest" WHERE status = 'PENDING'`)
  ).rows[0].n;
  return { plan, counts, timings };
}

const uid = (kind: string, expr: string) => `md5('scale:${kind}:' || (${expr}))::uuid`;

async function seedPeople(query: Query, plan: ScalePlan) {
  const c = plan.counts;
  const first = [
    'Ada',
    'Ben',
    'Chloe',
    'Dev',
    'Elena',
    'Femi',
    'Greta',
    'Hiro',
    'Ines',
    'Jamal',
    'Kira',
    'Luca',
    'Maya',
    'Nikhil',
    'Olga',
    'Pablo',
    'Quinn',
    'Rosa',
    'Sami',
    'Tara',
    'Uma',
    'Viktor',
    'Wen',
    'Ximena',
    'Yusuf',
    'Zoe',
  ];
  const last = [
    'Adler',
    'Bauer',
    'Costa',
    'Dubois',
    'Eriksen',
    'Fischer',
    'Garcia',
    'Haddad',
    'Ito',
    'Jensen',
    'Kowalski',
    'Lopez',
    'Murphy',
    'Nakamura',
    'Okafor',
    'Patel',
    'Quispe',
    'Rossi',
    'Silva',
    'Tanaka',
    'Ueda',
    'Varga',
    'Weber',
    'Xu',
    'Yilmaz',
    'Zhang',
  ];
  await query(
    `INSERT INTO "User" (id, "entraObjectId", "tenantId", upn, "displayName", "jobTitle", "appRoles", enabled, "lastSignInAt", "createdAt")
     SELECT ${uid('user', 'n')}, ${uid('oid', 'n')}::text, $1,
       CASE WHEN n <= $2 THEN 'owner' || lpad(n::text, 2, '0') || '.scale@contoso.example'
            WHEN n <= $2 + $3 THEN 'validation' || lpad((n - $2)::text, 2, '0') || '.scale@contoso.example'
            WHEN n <= $8 THEN 'lead' || lpad((n - $2 - $3)::text, 2, '0') || '.scale@contoso.example'
            ELSE 'user' || lpad(n::text, 6, '0') || '.scale@contoso.example' END,
       ($5::text[])[1 + n % 26] || ' ' || ($6::text[])[1 + (n / 26) % 26] || ' ' || n,
       CASE WHEN n <= $2 THEN 'Business owner (portfolio)'
            WHEN n <= $2 + $3 THEN 'Model validation lead'
            WHEN n <= $8 THEN 'Portfolio delivery lead'
            WHEN n < $7 THEN 'Data science lead'
            ELSE (ARRAY['Data scientist', 'ML engineer', 'Data analyst', 'Model tester', 'Business analyst', 'Claims handler'])[1 + n % 6] END,
       CASE WHEN n = $4 THEN ARRAY['Portal.Admin'] WHEN n = $4 - 1 THEN ARRAY['Portal.Auditor'] ELSE ARRAY[]::text[] END,
       n <= $7 OR n >= $4 - 1 OR n % 50 <> 0,
       now() - make_interval(days => (random() * 90)::int, secs => (random() * 86400)::int),
       now() - make_interval(days => 30 + (random() * 1000)::int)
     FROM generate_series(1, $4) n`,
    ['7d1f3b8e-4c2a-4f6b-9e0d-2a5c8b1e6f40', PORTFOLIO_OWNERS, VALIDATION_LEADS, c.users, first, last, c.firstTeamUser, NAMED],
  );
  await query(
    `INSERT INTO "ServiceIdentity" (id, "appId", "tenantId", "displayName", enabled)
     SELECT ${uid('svc', 'n')}, ${uid('app', 'n')}::text, $1,
       CASE WHEN n <= $2 THEN 'Release pipeline SCALE-' || lpad(n::text, 4, '0')
            WHEN n = $2 + 1 THEN 'Azure Monitor alert processor (scale)'
            WHEN n = $2 + 2 THEN 'Microsoft Purview scanner (scale)'
            ELSE 'AML workspace managed identity (scale)' END,
       n % 97 <> 0
     FROM generate_series(1, $2 + 3) n`,
    ['7d1f3b8e-4c2a-4f6b-9e0d-2a5c8b1e6f40', c.projects],
  );
}

async function seedProjects(query: Query, plan: ScalePlan) {
  await query(
    `INSERT INTO "Implementation" (id, code, name, kind, description, "dataClassification", "businessOwnerId")
     SELECT ${uid('impl', 'code')}, code, name, kind::"ImplementationKind", 'Scale-test implementation', cls::"DataClassification", ${uid('user', '1 + (ord - 1) % ' + PORTFOLIO_OWNERS)}
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(code, name, kind, cls, ord)`,
    [
      IMPLEMENTATIONS.map((i) => i.code),
      IMPLEMENTATIONS.map((i) => i.name),
      IMPLEMENTATIONS.map((i) => i.kind),
      IMPLEMENTATIONS.map((i) => i.classification),
    ],
  );
  const p = plan.projects;
  await query(
    `INSERT INTO "Project" (id, code, name, description, "implementationId", "dataClassification", "costCenter", tags, lifecycle, "projectLeadId", "businessOwnerId", "createdAt", "updatedAt")
     SELECT ${uid('project', 'n')}, code, name, description, ${uid('impl', 'impl')}, cls::"DataClassification", cc,
       jsonb_build_object('environment', 'multi', 'project', lower(code), 'owner', 'owner' || lpad(owner::text, 2, '0') || '.scale@contoso.example', 'cost-center', cc),
       lc::"ProjectLifecycle", ${uid('user', 'lead')}, ${uid('user', 'owner')}, created, created + interval '1 day'
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::int[], $11::int[])
       AS t(n, code, name, description, impl, lc, cls, cc, created, owner, lead)`,
    [
      p.map((r) => r.n),
      p.map((r) => r.code),
      p.map((r) => r.name),
      p.map((r) => r.description),
      p.map((r) => r.implementation),
      p.map((r) => r.lifecycle),
      p.map((r) => r.classification),
      p.map((r) => r.costCenter),
      p.map((r) => r.createdAt.toISOString()),
      p.map((r) => r.owner),
      p.map((r) => r.lead),
    ],
  );
}

async function seedWorkspaces(query: Query) {
  const sub = `'3f2a9c10-6b7d-4e21-8a5f-0c9d1e2b3a45'`;
  // Project workspaces: development once work starts, production once released.
  await query(
    `INSERT INTO "Workspace" (id, name, "environmentId", "projectId", "azureResourceId", "subscriptionId", "resourceGroup", region, "createdAt")
     SELECT gen_random_uuid(), ws, e.id, p.id,
       '/subscriptions/' || ${sub} || '/resourceGroups/rg-' || ws || '/providers/Microsoft.MachineLearningServices/workspaces/' || ws,
       ${sub}, 'rg-' || ws, (ARRAY['westeurope', 'northeurope', 'uksouth'])[1 + abs(hashtext(p.code)) % 3], p."createdAt"
     FROM "Project" p
     JOIN "Environment" e ON e.key = 'DEVELOPMENT' AND p.lifecycle <> 'PROPOSED'
                          OR e.key = 'PRODUCTION' AND p.lifecycle IN ('PRODUCTION', 'ITERATION', 'RETIRED')
     CROSS JOIN LATERAL (SELECT 'mlw-' || lower(p.code) || '-' || lower(e.key::text) AS ws) w
     WHERE p.code LIKE 'SCALE-%'`,
  );
  // Shared staging and QA per implementation (seed 004).
  await query(
    `INSERT INTO "Workspace" (id, name, "environmentId", "implementationId", "azureResourceId", "subscriptionId", "resourceGroup", region)
     SELECT gen_random_uuid(), ws, e.id, i.id,
       '/subscriptions/' || ${sub} || '/resourceGroups/rg-mlplatform-' || lower(i.code) || '-shared/providers/Microsoft.MachineLearningServices/workspaces/' || ws,
       ${sub}, 'rg-mlplatform-' || lower(i.code) || '-shared', 'westeurope'
     FROM "Implementation" i
     JOIN "Environment" e ON e.key IN ('STAGING', 'QA')
     CROSS JOIN LATERAL (SELECT 'mlw-' || lower(i.code) || '-' || lower(e.key::text) AS ws) w
     WHERE i.code LIKE 'SCALE-%'`,
  );
}

async function seedModels(query: Query, plan: ScalePlan) {
  const m = plan.models;
  await query(
    `CREATE TEMP TABLE scale_models (model_id uuid, project_id uuid, project_no int, name text, metric text, framework text, versions int, created timestamp) ON COMMIT DROP`,
  );
  await query(
    `INSERT INTO scale_models
     SELECT ${uid('model', "project_no || ':' || name")}, ${uid('project', 'project_no')}, project_no, name, metric, framework, versions, NULL
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[]) AS t(project_no, name, metric, framework, versions)`,
    [m.map((r) => r.project), m.map((r) => r.name), m.map((r) => r.metric), m.map((r) => r.framework), m.map((r) => r.versions)],
  );
  // Temporary tables have no statistics until analysed; without them the planner joins them by
  // nested loops, which is quadratic in the estate (the factor-10 seed ran for hours).
  await query('ANALYZE scale_models');
  await query(`UPDATE scale_models s SET created = p."createdAt" + interval '20 days' FROM "Project" p WHERE p.id = s.project_id`);
  await query(
    `INSERT INTO "Model" (id, "projectId", name, description, "createdAt")
     SELECT model_id, project_id, name, initcap(replace(name, '-', ' ')) || ' (' || framework || ')', created FROM scale_models`,
  );
  // Versions are registered over the model's life; lineage points at a training data asset
  // version, a pipeline run and a commit (seed 003, "Model tagging & lineage").
  await query(
    `INSERT INTO "ModelVersion" (id, "modelId", version, description, "trainingDataAsset", "trainingDataVersion", "pipelineRunId", "gitCommit", metrics, tags, "registeredAt", "registeredById")
     SELECT ${uid('mv', "s.model_id || ':' || v")}, s.model_id, v,
       CASE WHEN v = 1 THEN 'Baseline' ELSE 'Retrained with ' || (ARRAY['new features', 'recent data', 'tuned hyper-parameters', 'rebalanced classes', 'drift fixes'])[1 + v % 5] END,
       'azureml:' || split_part(s.name, '-', 1) || '-training', (1 + v / 3)::text,
       s.name || '-train-' || to_char(reg, 'YYYYMMDD') || '-' || v,
       md5(s.model_id || ':' || v) || substr(md5(v || ':' || s.model_id), 1, 8),
       jsonb_build_object(s.metric, round((CASE WHEN s.metric IN ('mape', 'rmse') THEN 0.3 - 0.1 * v / s.versions ELSE 0.7 + 0.2 * v / s.versions END + random() * 0.02)::numeric, 4),
                          'precision', round((0.6 + random() * 0.3)::numeric, 4), 'recall', round((0.5 + random() * 0.4)::numeric, 4)),
       jsonb_build_object('framework', s.framework, 'task', CASE WHEN s.metric IN ('mape', 'rmse') THEN 'regression' ELSE 'classification' END),
       reg,
       ${uid('user', `${plan.counts.firstTeamUser} + abs(hashtext(s.project_no::text || ':' || (v % 3)::text)) % ${plan.counts.users - plan.counts.firstTeamUser + 1}`)}
     FROM scale_models s
     CROSS JOIN LATERAL generate_series(1, s.versions) v
     CROSS JOIN LATERAL (SELECT s.created + (now()::timestamp - s.created) * (v::float8 / (s.versions + 1)) AS reg) r`,
  );
}

async function seedDeployments(query: Query) {
  // What is live: production (and the previous production version, retired), the newest version in
  // development, and staging/QA for projects in testing. Retired projects keep only history.
  await query(
    `INSERT INTO "Deployment" (id, "projectId", "environmentId", "workspaceId", "modelVersionId", "endpointName", "endpointKind", "deploymentName", "trafficPercent", status, "deployedAt", "retiredAt")
     SELECT gen_random_uuid(), s.project_id, e.id, COALESCE(pw.id, iw.id), mv.id,
       s.name || '-' || lower(e.key::text), CASE WHEN s.metric = 'mape' THEN 'BATCH' ELSE 'ONLINE' END::"EndpointKind",
       d.deployment_name, d.traffic, d.status::"DeploymentStatus", mv."registeredAt" + d.after, d.retired
     FROM scale_models s
     JOIN "Project" p ON p.id = s.project_id
     CROSS JOIN LATERAL (VALUES
       ('DEVELOPMENT', s.versions, 'blue', 100, CASE WHEN p.lifecycle = 'RETIRED' THEN 'RETIRED' ELSE 'ACTIVE' END, interval '1 day',
          CASE WHEN p.lifecycle = 'RETIRED' THEN now()::timestamp - interval '30 days' END, true),
       ('STAGING', s.versions, 'blue', 100, 'ACTIVE', interval '5 days', NULL::timestamp, p.lifecycle = 'TESTING'),
       ('QA', s.versions, 'blue', 100, 'ACTIVE', interval '9 days', NULL::timestamp, p.lifecycle = 'TESTING' AND s.versions % 2 = 0),
       ('PRODUCTION', greatest(1, s.versions - 1), 'blue', CASE WHEN s.versions % 10 = 0 THEN 90 ELSE 100 END,
          CASE WHEN p.lifecycle = 'RETIRED' THEN 'RETIRED' ELSE 'ACTIVE' END, interval '14 days',
          CASE WHEN p.lifecycle = 'RETIRED' THEN now()::timestamp - interval '30 days' END,
          p.lifecycle IN ('PRODUCTION', 'ITERATION', 'RETIRED')),
       ('PRODUCTION', s.versions, 'green', 10, 'ACTIVE', interval '14 days', NULL::timestamp,
          p.lifecycle IN ('PRODUCTION', 'ITERATION') AND s.versions % 10 = 0),
       ('PRODUCTION', greatest(1, s.versions - 2), 'blue', 100, 'RETIRED', interval '14 days', now()::timestamp - interval '60 days',
          p.lifecycle IN ('PRODUCTION', 'ITERATION') AND s.versions > 2)
     ) AS d(env, version, deployment_name, traffic, status, after, retired, wanted)
     JOIN "Environment" e ON e.key = d.env::"EnvironmentKey"
     JOIN "ModelVersion" mv ON mv."modelId" = s.model_id AND mv.version = d.version
     LEFT JOIN "Workspace" pw ON pw."projectId" = s.project_id AND pw."environmentId" = e.id
     LEFT JOIN "Workspace" iw ON iw."implementationId" = p."implementationId" AND iw."environmentId" = e.id
     WHERE d.wanted`,
  );
}

async function seedAssignments(query: Query, plan: ScalePlan) {
  const c = plan.counts;
  const persona = (key: string) => `(SELECT id FROM "Persona" WHERE key = '${key}')`;
  const project = uid('project', 'p.n');
  const projects = `(SELECT n FROM generate_series(1, ${c.projects}) n) p`;
  const charter = `now()::timestamp - interval '400 days'`;
  // Named roles: each project's business owner, project lead, model-validation lead and the
  // portfolio's delivery lead.
  await query(
    `INSERT INTO "PersonaAssignment" (id, "personaId", "principalType", "userId", "projectId", source, reason, "validFrom", "createdAt")
     SELECT gen_random_uuid(), x.persona, 'USER'::"PrincipalType", x.user_id, ${project}, 'PORTAL', x.reason, ${charter}, ${charter}
     FROM ${projects}
     CROSS JOIN LATERAL (VALUES
       (${persona('business-owner')}, ${uid('user', `1 + (p.n - 1) % ${PORTFOLIO_OWNERS}`)}, 'Named in the project charter'),
       (${persona('project-lead')}, ${uid('user', `${NAMED + 1} + (p.n - 1) / ${PROJECTS_PER_LEAD}`)}, 'Named in the project charter'),
       (${persona('model-tester')}, ${uid('user', `${PORTFOLIO_OWNERS + 1} + (p.n - 1) % ${VALIDATION_LEADS}`)}, 'Model validation for the portfolio'),
       (${persona('project-lead')}, ${uid('user', `${PORTFOLIO_OWNERS + VALIDATION_LEADS + 1} + (p.n - 1) % ${PORTFOLIO_LEADS}`)}, 'Delivery lead for the portfolio')
     ) AS x(persona, user_id, reason)`,
  );
  // Process identities: a release pipeline per project; monitoring, governance and the AML
  // managed identity platform-wide.
  await query(
    `INSERT INTO "PersonaAssignment" (id, "personaId", "principalType", "serviceIdentityId", "projectId", source, reason, "validFrom")
     SELECT gen_random_uuid(), ${persona('cicd-process')}, 'SERVICE'::"PrincipalType", ${uid('svc', 'p.n')}, ${project}, 'ENTRA_APP_ROLE'::"AssignmentSource", 'Release pipeline of the project', ${charter}
     FROM ${projects}
     UNION ALL
     SELECT gen_random_uuid(), (SELECT id FROM "Persona" WHERE key = k), 'SERVICE'::"PrincipalType", ${uid('svc', `${c.projects} + o`)}, NULL, 'ENTRA_APP_ROLE'::"AssignmentSource", 'Registered platform process identity', ${charter}
     FROM unnest(ARRAY['monitoring-process', 'data-governance-process', 'aml-workspace-identity']) WITH ORDINALITY AS t(k, o)`,
  );
  // A model-end-user group per project, with members from the team (Entra groups, seed 001).
  await query(
    `INSERT INTO "Group" (id, "entraObjectId", "tenantId", "displayName", "personaId", "projectId", "environmentClass")
     SELECT ${uid('group', 'p.n')}, ${uid('group-oid', 'p.n')}::text, '7d1f3b8e-4c2a-4f6b-9e0d-2a5c8b1e6f40',
       'sg-mlw-scale-' || lpad(p.n::text, 4, '0') || '-model-end-users', ${persona('model-end-user')}, ${project}, 'PRODUCTION'::"EnvironmentClass"
     FROM ${projects}`,
  );
  await query(
    `INSERT INTO "GroupMember" ("groupId", "userId")
     SELECT DISTINCT ${uid('group', 'p.n')}, ${uid('user', `${c.firstTeamUser} + abs(hashtext(p.n || ':' || k)) % ${c.users - c.firstTeamUser + 1}`)}
     FROM ${projects} CROSS JOIN generate_series(1, ${GROUP_MEMBERS}) k`,
  );
  await query(
    `INSERT INTO "PersonaAssignment" (id, "personaId", "principalType", "groupId", "projectId", source, reason, "validFrom")
     SELECT gen_random_uuid(), ${persona('model-end-user')}, 'GROUP'::"PrincipalType", ${uid('group', 'p.n')}, ${project}, 'ENTRA_GROUP'::"AssignmentSource", 'Entra group of the project', ${charter}
     FROM ${projects}`,
  );
  // Just-in-time platform support grants (seed 001: temporary access); most have expired.
  const jit = Math.round((JIT_GRANTS_PER_THOUSAND_PROJECTS * c.projects) / 1000);
  await query(
    `INSERT INTO "PersonaAssignment" (id, "personaId", "principalType", "userId", "projectId", source, reason, "validFrom", "validUntil", "createdAt")
     SELECT gen_random_uuid(), ${persona('platform-support')}, 'USER'::"PrincipalType", ${uid('user', `${c.firstTeamUser} + g % ${PLATFORM_ENGINEERS}`)},
       CASE WHEN g % 4 = 0 THEN NULL ELSE ${uid('project', `1 + abs(hashtext('jit' || g)) % ${c.projects}`)} END,
       'JIT'::"AssignmentSource", 'Incident ' || (10000 + g) || ': investigate a failing deployment', start, start + interval '8 hours', start
     FROM generate_series(1, ${jit}) g
     CROSS JOIN LATERAL (SELECT now()::timestamp - make_interval(hours => (g * 7) % 8760) AS start) s`,
  );
  // The project teams fill the rest of the target after the named roles (4 per project), pipelines
  // and end-user groups (1 each per project), platform processes (3) and JIT grants: skewed to
  // larger projects, people on one to a dozen projects, with leavers and time-boxed access.
  const team = c.assignments - (6 * c.projects + 3 + jit);
  if (team < 0) throw new Error(`The named roles alone exceed ${c.assignments} assignments`);
  await query(
    `INSERT INTO "PersonaAssignment" (id, "personaId", "principalType", "userId", "projectId", source, reason, "validFrom", "validUntil", "createdAt", "revokedAt")
     SELECT gen_random_uuid(), pe.id, 'USER'::"PrincipalType", ${uid('user', `${c.firstTeamUser} + floor(power(r.u, 1.3) * ${c.users - c.firstTeamUser + 1})::int`)},
       ${uid('project', `1 + floor(power(r.p, 1.3) * ${c.projects})::int`)},
       CASE WHEN r.s < 0.3 THEN 'ENTRA_GROUP' ELSE 'PORTAL' END::"AssignmentSource", 'Project team member', start,
       CASE WHEN r.s BETWEEN 0.80 AND 0.85 THEN start + interval '90 days'
            WHEN r.s > 0.97 THEN now()::timestamp + interval '30 days' END,
       start,
       CASE WHEN r.s BETWEEN 0.85 AND 0.97 THEN start + interval '120 days' END
     FROM generate_series(1, ${team}) g
     CROSS JOIN LATERAL (SELECT g, random() AS u, random() AS p, random() AS s, random() AS k, random() AS t) r
     CROSS JOIN LATERAL (SELECT now()::timestamp - make_interval(days => 1 + (r.t * 900)::int) AS start) st
     JOIN "Persona" pe ON pe.key = CASE WHEN r.k < 0.40 THEN 'data-scientist' WHEN r.k < 0.60 THEN 'data-analyst' WHEN r.k < 0.70 THEN 'model-tester'
                                        WHEN r.k < 0.85 THEN 'business-stakeholder' ELSE 'model-end-user' END`,
  );
}

/**
 * Promotion requests under the default policies (seeded with the catalogue): pending ones on
 * recent versions, a third of them in portfolio 1, and decided ones (deployed, approved, rejected,
 * expired, cancelled) over the versions' lives, each with the decisions and audit trail the service
 * would have written. Pending production requests are at every stage: no approval yet, the lead's
 * (by the project's own lead or the portfolio's), the owner's, or a lead approval superseded by new
 * evidence. Requesters are mostly the project's pipeline, else the version's data scientist or one
 * of the project's leads (who then cannot approve it). Returns the number of audit events written.
 */
async function seedPromotions(query: Query, plan: ScalePlan): Promise<number> {
  const c = plan.counts;
  const user = (n: string) => uid('user', n);
  const ownerNo = `1 + (ch.project_no - 1) % ${PORTFOLIO_OWNERS}`;
  const testerNo = `${PORTFOLIO_OWNERS + 1} + (ch.project_no - 1) % ${VALIDATION_LEADS}`;
  const portfolioLeadNo = `${PORTFOLIO_OWNERS + VALIDATION_LEADS + 1} + (ch.project_no - 1) % ${PORTFOLIO_LEADS}`;
  const projectLeadNo = `${NAMED + 1} + (ch.project_no - 1) / ${PROJECTS_PER_LEAD}`;
  const now = `now()::timestamp`;

  // Every (version, target) pair a request could be about; an open request holds its pair.
  await query(
    `CREATE TEMP TABLE scale_promotion_slots ON COMMIT DROP AS
     SELECT mv.id AS version_id, mv."registeredById" AS registered_by, mv."registeredAt" AS registered_at, mv.metrics,
       s.project_id, s.project_no, s.name AS model_name, s.metric, mv.version, s.versions, t.target,
       (s.project_no - 1) % ${PORTFOLIO_OWNERS} = 0 AS busy, random() AS r
     FROM scale_models s
     JOIN "ModelVersion" mv ON mv."modelId" = s.model_id
     CROSS JOIN unnest(ARRAY['STAGING', 'QA', 'PRODUCTION']::"EnvironmentKey"[]) AS t(target)`,
  );
  await query('ANALYZE scale_promotion_slots');
  const busyPending = Math.round(c.pendingPromotions / 3);
  const busyClosed = Math.round(c.closedPromotions / 4);
  await query(
    `CREATE TEMP TABLE scale_promotions ON COMMIT DROP AS
     WITH pending AS (
       SELECT x.*, 'PENDING'::"PromotionStatus" AS status
       FROM (SELECT s.*, row_number() OVER (PARTITION BY s.busy ORDER BY s.r) AS k
             FROM scale_promotion_slots s WHERE s.version > s.versions - 3) x
       ORDER BY (x.busy AND x.k <= $1) DESC, x.r LIMIT $2
     ), closed AS (
       SELECT x.*, (CASE WHEN x.c < 0.55 THEN 'DEPLOYED' WHEN x.c < 0.60 THEN 'APPROVED' WHEN x.c < 0.75 THEN 'REJECTED'
                         WHEN x.c < 0.93 THEN 'EXPIRED' ELSE 'CANCELLED' END)::"PromotionStatus" AS status
       FROM (SELECT s.*, row_number() OVER (PARTITION BY s.busy ORDER BY s.r) AS k, random() AS c
             FROM scale_promotion_slots s
             WHERE s.registered_at < ${now} - interval '7 days'
               AND NOT EXISTS (SELECT 1 FROM pending p WHERE p.version_id = s.version_id AND p.target = s.target)) x
       ORDER BY (x.busy AND x.k <= $3) DESC, x.r LIMIT $4
     ), chosen AS (
       SELECT version_id, registered_by, registered_at, metrics, project_id, project_no, model_name, metric, version, target, status FROM pending
       UNION ALL
       SELECT version_id, registered_by, registered_at, metrics, project_id, project_no, model_name, metric, version, target, status FROM closed
     )
     SELECT row_number() OVER (ORDER BY ch.status, ch.version_id, ch.target) AS seq, ch.*,
       pol.id AS policy_id, pol.version AS policy_version, (pol.rules ->> 'maxPendingHours')::int AS max_hours,
       (CASE ch.target WHEN 'STAGING' THEN 'DEVELOPMENT' WHEN 'QA' THEN 'STAGING' ELSE 'QA' END)::"EnvironmentKey" AS from_env,
       ${user(ownerNo)} AS owner_id, ${user(testerNo)} AS tester_id,
       ${user(portfolioLeadNo)} AS portfolio_lead_id, ${user(projectLeadNo)} AS project_lead_id,
       ${uid('svc', 'ch.project_no')} AS pipeline_id,
       'Release pipeline ' || ${`'SCALE-' || lpad(ch.project_no::text, 4, '0')`} AS pipeline_label,
       random() AS q, random() AS a, random() AS b, random() AS t, random() AS f, random() AS e
     FROM chosen ch
     JOIN (SELECT DISTINCT ON ("targetEnvironment") * FROM "PromotionPolicy"
           WHERE "projectId" IS NULL AND active ORDER BY "targetEnvironment", version DESC) pol ON pol."targetEnvironment" = ch.target`,
    [busyPending, c.pendingPromotions, busyClosed, c.closedPromotions],
  );
  await query('ANALYZE scale_promotions');
  const chosen = (
    await query(`SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending, count(*)::int AS n FROM scale_promotions`)
  ).rows[0] as { pending: number; n: number };
  if (chosen.pending !== c.pendingPromotions || chosen.n !== c.pendingPromotions + c.closedPromotions)
    throw new Error(`Only ${chosen.pending} pending and ${chosen.n - chosen.pending} decided promotion requests fit the versions`);

  // Who asked, who approves the lead slot (never the requester), when, and which decisions exist.
  await query(
    `CREATE TEMP TABLE scale_requests ON COMMIT DROP AS
     SELECT ${uid('promotion', 'p.seq')} AS id, p.*, w.*, tm.*, ev.*, dc.*,
       coalesce(ev.evidence_at, w.created_at) + (coalesce(tm.decided_at, ${now}) - coalesce(ev.evidence_at, w.created_at)) * 0.5 AS approval_at,
       (p.target = 'STAGING' AND p.status IN ('APPROVED', 'DEPLOYED'))
         OR (p.target = 'PRODUCTION' AND (p.status IN ('APPROVED', 'DEPLOYED') OR (p.status IN ('PENDING', 'EXPIRED') AND p.a < 0.3)
                                          OR (p.status = 'REJECTED' AND p.a < 0.5))) AS lead_approved,
       p.target = 'PRODUCTION' AND (p.status IN ('APPROVED', 'DEPLOYED') OR (p.status = 'PENDING' AND p.a >= 0.3 AND p.a < 0.5)) AS owner_approved,
       CASE WHEN p.target = 'QA' AND p.status IN ('APPROVED', 'DEPLOYED') THEN CASE WHEN p.b < 0.5 THEN p.tester_id ELSE w.lead_approver END END AS qa_approver
     FROM scale_promotions p
     CROSS JOIN LATERAL (SELECT
         CASE WHEN p.q < 0.70 THEN NULL WHEN p.q < 0.85 THEN p.registered_by WHEN p.q < 0.93 THEN p.portfolio_lead_id ELSE p.project_lead_id END AS requester_id,
         CASE WHEN p.q >= 0.85 AND p.q < 0.93 THEN p.project_lead_id WHEN p.q >= 0.93 THEN p.portfolio_lead_id
              WHEN p.b < 0.5 THEN p.portfolio_lead_id ELSE p.project_lead_id END AS lead_approver,
         CASE WHEN p.status = 'PENDING' THEN greatest(p.registered_at + interval '1 minute', ${now} - make_interval(secs => p.t * 0.9 * p.max_hours * 3600))
              ELSE greatest(p.registered_at, ${now} - interval '730 days')
                   + (${now} - interval '7 days' - greatest(p.registered_at, ${now} - interval '730 days')) * p.t END AS created_at,
         CASE WHEN p.e < CASE WHEN p.status = 'PENDING' THEN 0.15 ELSE 0.08 END THEN 2 ELSE 1 END AS evidence_version) w
     CROSS JOIN LATERAL (SELECT w.created_at + make_interval(hours => p.max_hours) AS due_at,
         CASE WHEN p.status = 'EXPIRED' THEN w.created_at + make_interval(hours => p.max_hours)
              WHEN p.status <> 'PENDING' THEN w.created_at + make_interval(secs => (0.05 + 0.75 * p.f) * p.max_hours * 3600) END AS decided_at) tm
     CROSS JOIN LATERAL (SELECT CASE WHEN w.evidence_version = 2
         THEN w.created_at + (coalesce(tm.decided_at, ${now}) - w.created_at) * 0.4 END AS evidence_at) ev
     CROSS JOIN LATERAL (SELECT CASE WHEN p.status = 'DEPLOYED' THEN tm.decided_at + interval '3 hours' END AS deployed_at) dc`,
  );
  await query('ANALYZE scale_requests');

  const reasons = `(ARRAY['Latency regression in the QA performance run', 'The model card lacks the fairness assessment',
    'Critical vulnerability in the serving image', 'Trained on the wrong data snapshot'])[1 + r.seq % 4]`;
  await query(
    `INSERT INTO "PromotionRequest" (id, "projectId", "modelVersionId", "fromEnvironment", "targetEnvironment", status, "policyId",
       "requestedByUserId", "requestedByServiceId", "requesterLabel", "requesterKey", evidence, "evidenceHash", "evidenceVersion",
       "openSlot", "dueAt", "createdAt", "updatedAt", "decidedAt", "closedReason", "deployedAt", "deploymentLog")
     SELECT r.id, r.project_id, r.version_id, r.from_env, r.target, r.status, r.policy_id,
       r.requester_id, CASE WHEN r.requester_id IS NULL THEN r.pipeline_id END,
       coalesce(u."displayName", r.pipeline_label),
       CASE WHEN r.requester_id IS NULL THEN 'service:' || r.pipeline_id ELSE 'user:' || r.requester_id END,
       ev.evidence, encode(sha256(convert_to(ev.evidence::text, 'UTF8')), 'hex'), r.evidence_version,
       CASE WHEN r.status IN ('PENDING', 'APPROVED') THEN r.version_id || ':' || r.target END,
       r.due_at, r.created_at, greatest(r.created_at, r.evidence_at, r.approval_at, r.decided_at, r.deployed_at), r.decided_at,
       CASE r.status WHEN 'REJECTED' THEN ${reasons} WHEN 'EXPIRED' THEN 'not decided before its due time'
                     WHEN 'CANCELLED' THEN 'superseded by a newer version' END,
       r.deployed_at, CASE WHEN r.status = 'DEPLOYED' THEN 'Deployment ' || r.model_name || '-' || lower(r.target::text) || '/blue succeeded' END
     FROM scale_requests r
     LEFT JOIN "User" u ON u.id = r.requester_id
     CROSS JOIN LATERAL (SELECT jsonb_build_object(
       'checks', (SELECT jsonb_agg(jsonb_build_object('name', ch, 'status', 'passed', 'summary', 'all green',
                    'url', 'https://dev.azure.com/contoso/mlops/_build/results?buildId=' || (100000 + r.seq) || '&check=' || ch))
                  FROM unnest(CASE r.target WHEN 'STAGING' THEN ARRAY['unit-tests'] WHEN 'QA' THEN ARRAY['unit-tests', 'staging-deployment-tests']
                    ELSE ARRAY['staging-deployment-tests', 'qa-integration-tests', 'qa-performance-tests', 'qa-security-tests'] END) ch),
       'metrics', r.metrics,
       'primaryMetric', jsonb_build_object('name', r.metric, 'higherIsBetter', r.metric NOT IN ('mape', 'rmse')),
       'scan', jsonb_build_object('tool', 'Microsoft Defender for Containers', 'critical', CASE WHEN r.status = 'REJECTED' AND r.seq % 4 = 2 THEN 2 ELSE 0 END,
                                  'high', r.seq % 3, 'medium', r.seq % 7, 'low', r.seq % 11),
       'modelCard', jsonb_build_object('url', 'https://contoso.sharepoint.com/sites/ml/model-cards/' || r.model_name, 'complete', true),
       'runId', r.model_name || '-train-' || r.version,
       'gitCommit', md5(r.version_id::text)
     ) || CASE WHEN r.evidence_version = 2 THEN '{"notes": "Re-ran the QA performance tests on the final image"}'::jsonb ELSE '{}'::jsonb END AS evidence) ev`,
  );

  const slot0 = `CASE WHEN r.target = 'QA' THEN '0:project-lead|model-tester' ELSE '0:project-lead' END`;
  await query(
    `INSERT INTO "PromotionDecision" (id, "requestId", "userId", kind, persona, comment, reason, "evidenceHash", "evidenceVersion",
       "policyId", "policyVersion", "createdAt", "supersededAt")
     SELECT ${uid('decision', "r.seq || ':' || d.k")}, r.id, d.user_id, d.kind::"DecisionKind", d.persona, d.comment, d.reason,
       CASE WHEN d.version = r.evidence_version THEN pr."evidenceHash" ELSE encode(sha256(convert_to(r.id || ':evidence-v1', 'UTF8')), 'hex') END,
       d.version, r.policy_id, r.policy_version, d.at, d.superseded
     FROM scale_requests r
     JOIN "PromotionRequest" pr ON pr.id = r.id
     CROSS JOIN LATERAL (VALUES
       (1, r.lead_approver, 'APPROVE', ${slot0}, 'Reviewed the evidence', NULL, 1,
          r.created_at + (r.evidence_at - r.created_at) * 0.5, r.evidence_at, r.target = 'PRODUCTION' AND r.evidence_version = 2),
       (2, r.lead_approver, 'APPROVE', '0:project-lead', 'Reviewed the evidence', NULL, r.evidence_version,
          CASE WHEN r.target = 'STAGING' THEN coalesce(r.decided_at, r.approval_at) ELSE r.approval_at END, NULL, r.lead_approved),
       (3, r.qa_approver, 'APPROVE', '0:project-lead|model-tester', 'Integration, performance and security tests reviewed', NULL, r.evidence_version,
          r.decided_at, NULL, r.qa_approver IS NOT NULL),
       (4, r.owner_id, 'APPROVE', '1:business-owner', 'Business sign-off', NULL, r.evidence_version,
          CASE WHEN r.status = 'PENDING' THEN r.approval_at ELSE r.decided_at END, NULL, r.owner_approved),
       (5, CASE WHEN r.target = 'PRODUCTION' AND r.lead_approved THEN r.owner_id ELSE r.lead_approver END, 'REJECT',
          CASE WHEN r.target = 'PRODUCTION' AND r.lead_approved THEN 'business-owner' ELSE 'project-lead' END, '', pr."closedReason",
          r.evidence_version, r.decided_at, NULL, r.status = 'REJECTED')
     ) AS d(k, user_id, kind, persona, comment, reason, version, at, superseded, wanted)
     WHERE d.wanted`,
  );

  // The audit trail the service writes: requested, evidence added, each decision, and the outcome.
  const audit = await query(
    `INSERT INTO "AuditEvent" ("occurredAt", "actorType", "actorId", "actorLabel", action, "targetType", "targetId", "projectId", data)
     SELECT e.at, e.actor_type, e.actor_id, e.actor_label, e.action, 'promotion_request', e.request_id::text, e.project_id, e.data
     FROM (
       SELECT r.created_at AS at, CASE WHEN r.requester_id IS NULL THEN 'service' ELSE 'user' END AS actor_type,
         coalesce(r.requester_id, r.pipeline_id)::text AS actor_id, pr."requesterLabel" AS actor_label, 'promotion.requested' AS action,
         r.id AS request_id, r.project_id,
         jsonb_build_object('version', r.version, 'from', r.from_env, 'target', r.target, 'policyId', r.policy_id,
                            'policyVersion', r.policy_version, 'evidenceHash', pr."evidenceHash") AS data
       FROM scale_requests r JOIN "PromotionRequest" pr ON pr.id = r.id
       UNION ALL
       SELECT r.evidence_at, CASE WHEN r.requester_id IS NULL THEN 'service' ELSE 'user' END, coalesce(r.requester_id, r.pipeline_id)::text,
         pr."requesterLabel", 'promotion.evidence_added', r.id, r.project_id,
         jsonb_build_object('evidenceVersion', 2, 'evidenceHash', pr."evidenceHash", 'approvalsReset', CASE WHEN r.target = 'PRODUCTION' THEN 1 ELSE 0 END)
       FROM scale_requests r JOIN "PromotionRequest" pr ON pr.id = r.id WHERE r.evidence_version = 2
       UNION ALL
       SELECT d."createdAt", 'user', d."userId"::text, u."displayName",
         CASE WHEN d.kind = 'REJECT' THEN 'promotion.rejected'
              WHEN r.status IN ('APPROVED', 'DEPLOYED') AND d."createdAt" = r.decided_at THEN 'promotion.approved'
              ELSE 'promotion.approval_recorded' END,
         r.id, r.project_id,
         jsonb_build_object('decisionId', d.id, 'slot', d.persona, 'evidenceHash', d."evidenceHash", 'evidenceVersion', d."evidenceVersion",
                            'policyVersion', d."policyVersion")
       FROM "PromotionDecision" d JOIN scale_requests r ON r.id = d."requestId" JOIN "User" u ON u.id = d."userId"
       UNION ALL
       SELECT CASE WHEN r.status = 'DEPLOYED' THEN r.deployed_at ELSE r.decided_at END,
         CASE r.status WHEN 'EXPIRED' THEN 'system' WHEN 'DEPLOYED' THEN 'service' ELSE CASE WHEN r.requester_id IS NULL THEN 'service' ELSE 'user' END END,
         CASE r.status WHEN 'EXPIRED' THEN NULL WHEN 'DEPLOYED' THEN r.pipeline_id::text ELSE coalesce(r.requester_id, r.pipeline_id)::text END,
         CASE r.status WHEN 'EXPIRED' THEN 'Portal (automatic)' WHEN 'DEPLOYED' THEN r.pipeline_label ELSE pr."requesterLabel" END,
         'promotion.' || lower(r.status::text), r.id, r.project_id, '{}'::jsonb
       FROM scale_requests r JOIN "PromotionRequest" pr ON pr.id = r.id WHERE r.status IN ('EXPIRED', 'DEPLOYED', 'CANCELLED')
     ) e
     ORDER BY e.at`,
  );
  return audit.rowCount ?? 0;
}

async function seedAudit(query: Query, plan: ScalePlan, events: number) {
  const c = plan.counts;
  // Two years of events, appended in time order; nine in ten concern a project.
  await query(
    `INSERT INTO "AuditEvent" ("occurredAt", "actorType", "actorId", "actorLabel", action, "targetType", "targetId", "projectId", data)
     SELECT at, a.actor_type, a.actor_id, a.actor_label, a.action, a.target_type, a.target_id, a.project_id, a.data
     FROM generate_series(1, ${events}) g
     CROSS JOIN LATERAL (SELECT random() AS k, random() AS p, random() AS u,
       now()::timestamp - interval '730 days' + (interval '730 days' * (g::float8 / ${events})) AS at) r
     CROSS JOIN LATERAL (SELECT 1 + floor(power(r.p, 1.6) * ${c.projects})::int AS pn,
       ${c.firstTeamUser} + floor(r.u * ${c.users - c.firstTeamUser + 1})::int AS un) x
     CROSS JOIN LATERAL (SELECT
       CASE WHEN r.k < 0.25 THEN 'service' WHEN r.k < 0.45 THEN 'system' ELSE 'user' END AS actor_type,
       CASE WHEN r.k < 0.25 THEN ${uid('svc', 'x.pn')}::text WHEN r.k < 0.45 THEN NULL ELSE ${uid('user', 'x.un')}::text END AS actor_id,
       CASE WHEN r.k < 0.25 THEN 'Release pipeline SCALE-' || lpad(x.pn::text, 4, '0') WHEN r.k < 0.45 THEN 'Portal (automatic)' ELSE 'User ' || x.un END AS actor_label,
       CASE WHEN r.k < 0.25 THEN (ARRAY['promotion.requested', 'promotion.evidence_added', 'promotion.deployed'])[1 + g % 3]
            WHEN r.k < 0.45 THEN (ARRAY['sync.completed', 'jit.expired', 'access.drift_snapshot_taken'])[1 + g % 3]
            WHEN r.k < 0.53 THEN (ARRAY['session.signed_in', 'jit.requested', 'jit.activated'])[1 + g % 3]
            ELSE (ARRAY['promotion.approved', 'promotion.rejected', 'access.azure_synced', 'access.assignment_ended', 'raci.accepted', 'review.completed', 'project.lifecycle_changed'])[1 + g % 7] END AS action,
       CASE WHEN r.k < 0.25 THEN 'promotion_request' WHEN r.k < 0.45 THEN 'sync_run' WHEN r.k < 0.53 THEN 'user' ELSE 'project' END AS target_type,
       CASE WHEN r.k >= 0.45 AND r.k < 0.53 THEN ${uid('user', 'x.un')}::text ELSE ${uid('project', 'x.pn')}::text END AS target_id,
       CASE WHEN r.k >= 0.45 AND r.k < 0.53 THEN NULL ELSE ${uid('project', 'x.pn')} END AS project_id,
       jsonb_build_object('requestId', md5(g::text)) AS data) a`,
  );
}
