/**
 * An enterprise-sized estate for benchmarks and for finding slow queries before users do:
 * 1,000 projects, 50,000 model versions, 200,000 persona assignments and 1,000,000 audit events at
 * factor 1. Rows are made by set-based SQL (INSERT … SELECT over generate_series and unnest) in one
 * transaction: nothing is left half-done if it fails, and the whole estate loads in well under the
 * time of a row-by-row seed.
 *
 * Every id is derived from the row's ordinal (md5 → uuid), so runs are reproducible and rows can be
 * found again: `scaleUserUpn(1)` is the first portfolio owner, who holds 100 projects at factor 1.
 */
import type pg from 'pg';

export const SCALE_MARKER_IMPLEMENTATION = 'SCALE-ENT';

export const SCALE_TARGETS = { projects: 1_000, modelVersions: 50_000, assignments: 200_000, auditEvents: 1_000_000 };

/** Business owners (10) and model-validation leads (10): each holds a tenth of all projects. */
export const PORTFOLIO_OWNERS = 10;
export const VALIDATION_LEADS = 10;
/** Each project lead leads this many projects. */
const PROJECTS_PER_LEAD = 4;
const GROUP_MEMBERS = 20;
const JIT_GRANTS_PER_THOUSAND_PROJECTS = 500;
const PLATFORM_ENGINEERS = 20;

export function scaleUserUpn(n: number) {
  if (n <= PORTFOLIO_OWNERS) return `owner${pad(n, 2)}.scale@contoso.example`;
  if (n <= PORTFOLIO_OWNERS + VALIDATION_LEADS) return `validation${pad(n - PORTFOLIO_OWNERS, 2)}.scale@contoso.example`;
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
  const firstTeamUser = PORTFOLIO_OWNERS + VALIDATION_LEADS + leads + 1;
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
      lead: PORTFOLIO_OWNERS + VALIDATION_LEADS + 1 + Math.floor((n - 1) / PROJECTS_PER_LEAD),
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
    counts: { projects, modelVersions, assignments, auditEvents, users, leads, firstTeamUser, models: modelRows.length },
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
    await step(`${c.auditEvents.toLocaleString('en')} audit events`, () => seedAudit(query, plan));
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
  ]) {
    counts[table] = (await query(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0].n;
  }
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
            ELSE 'user' || lpad(n::text, 6, '0') || '.scale@contoso.example' END,
       ($5::text[])[1 + n % 26] || ' ' || ($6::text[])[1 + (n / 26) % 26] || ' ' || n,
       CASE WHEN n <= $2 THEN 'Business owner (portfolio)'
            WHEN n <= $2 + $3 THEN 'Model validation lead'
            WHEN n < $7 THEN 'Data science lead'
            ELSE (ARRAY['Data scientist', 'ML engineer', 'Data analyst', 'Model tester', 'Business analyst', 'Claims handler'])[1 + n % 6] END,
       CASE WHEN n = $4 THEN ARRAY['Portal.Admin'] WHEN n = $4 - 1 THEN ARRAY['Portal.Auditor'] ELSE ARRAY[]::text[] END,
       n <= $7 OR n >= $4 - 1 OR n % 50 <> 0,
       now() - make_interval(days => (random() * 90)::int, secs => (random() * 86400)::int),
       now() - make_interval(days => 30 + (random() * 1000)::int)
     FROM generate_series(1, $4) n`,
    ['7d1f3b8e-4c2a-4f6b-9e0d-2a5c8b1e6f40', PORTFOLIO_OWNERS, VALIDATION_LEADS, c.users, first, last, c.firstTeamUser],
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
  // Named roles: each project's business owner, project lead and model-validation lead.
  await query(
    `INSERT INTO "PersonaAssignment" (id, "personaId", "principalType", "userId", "projectId", source, reason, "validFrom", "createdAt")
     SELECT gen_random_uuid(), x.persona, 'USER'::"PrincipalType", x.user_id, ${project}, 'PORTAL', x.reason, ${charter}, ${charter}
     FROM ${projects}
     CROSS JOIN LATERAL (VALUES
       (${persona('business-owner')}, ${uid('user', `1 + (p.n - 1) % ${PORTFOLIO_OWNERS}`)}, 'Named in the project charter'),
       (${persona('project-lead')}, ${uid('user', `${PORTFOLIO_OWNERS + VALIDATION_LEADS + 1} + (p.n - 1) / ${PROJECTS_PER_LEAD}`)}, 'Named in the project charter'),
       (${persona('model-tester')}, ${uid('user', `${PORTFOLIO_OWNERS + 1} + (p.n - 1) % ${VALIDATION_LEADS}`)}, 'Model validation for the portfolio')
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
  // The project teams fill the rest of the target after the named roles (3 per project), pipelines
  // and end-user groups (1 each per project), platform processes (3) and JIT grants: skewed to
  // larger projects, people on one to a dozen projects, with leavers and time-boxed access.
  const team = c.assignments - (5 * c.projects + 3 + jit);
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

async function seedAudit(query: Query, plan: ScalePlan) {
  const c = plan.counts;
  // Two years of events, appended in time order; nine in ten concern a project.
  await query(
    `INSERT INTO "AuditEvent" ("occurredAt", "actorType", "actorId", "actorLabel", action, "targetType", "targetId", "projectId", data)
     SELECT at, a.actor_type, a.actor_id, a.actor_label, a.action, a.target_type, a.target_id, a.project_id, a.data
     FROM generate_series(1, ${c.auditEvents}) g
     CROSS JOIN LATERAL (SELECT random() AS k, random() AS p, random() AS u,
       now()::timestamp - interval '730 days' + (interval '730 days' * g / ${c.auditEvents}) AS at) r
     CROSS JOIN LATERAL (SELECT 1 + floor(power(r.p, 1.6) * ${c.projects})::int AS pn,
       ${c.firstTeamUser} + floor(r.u * ${c.users - c.firstTeamUser + 1})::int AS un) x
     CROSS JOIN LATERAL (SELECT
       CASE WHEN r.k < 0.25 THEN 'service' WHEN r.k < 0.45 THEN 'system' ELSE 'user' END AS actor_type,
       CASE WHEN r.k < 0.25 THEN ${uid('svc', 'x.pn')}::text WHEN r.k < 0.45 THEN NULL ELSE ${uid('user', 'x.un')}::text END AS actor_id,
       CASE WHEN r.k < 0.25 THEN 'Release pipeline SCALE-' || lpad(x.pn::text, 4, '0') WHEN r.k < 0.45 THEN 'Portal (automatic)' ELSE 'User ' || x.un END AS actor_label,
       CASE WHEN r.k < 0.25 THEN (ARRAY['model.version.registered', 'promotion.requested', 'deployment.reported'])[1 + g % 3]
            WHEN r.k < 0.45 THEN (ARRAY['workspace.synced', 'assignment.expired', 'drift.alerted'])[1 + g % 3]
            WHEN r.k < 0.53 THEN (ARRAY['session.signed_in', 'jit.requested', 'jit.granted'])[1 + g % 3]
            ELSE (ARRAY['promotion.approved', 'promotion.rejected', 'assignment.created', 'assignment.revoked', 'raci.accepted', 'review.completed', 'project.updated'])[1 + g % 7] END AS action,
       CASE WHEN r.k < 0.25 THEN 'ModelVersion' WHEN r.k < 0.45 THEN 'Workspace' WHEN r.k < 0.53 THEN 'User' ELSE 'Project' END AS target_type,
       CASE WHEN r.k >= 0.45 AND r.k < 0.53 THEN ${uid('user', 'x.un')}::text ELSE ${uid('project', 'x.pn')}::text END AS target_id,
       CASE WHEN r.k >= 0.45 AND r.k < 0.53 THEN NULL ELSE ${uid('project', 'x.pn')} END AS project_id,
       jsonb_build_object('requestId', md5(g::text)) AS data) a`,
  );
}
