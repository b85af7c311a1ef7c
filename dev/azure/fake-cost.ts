/**
 * A local stand-in for Cost Management's query API, mounted on the ARM stand-in's host, answering
 * what @azure/arm-costmanagement's `query.usage` sends (api-version 2022-10-01):
 * - POST {scope}/providers/Microsoft.CostManagement/query
 * with a month-to-date total, filtered by the `project` tag as the portal asks. Costs are kept in
 * memory per scope and tag value. Tests, the bench and the demo only.
 */
import type { FakeRouteRequest, FakeRouteResponse } from '@/dev/azure/fake-pim';

export const COST_API_VERSION = '2022-10-01';

export type FakeCostState = {
  /** `${lower-cased scope}|${project tag}` → month-to-date cost */
  costs: Map<string, number>;
  currency: string;
  log: { path: string; status: number; body: unknown }[];
};

export function newCostState(): FakeCostState {
  return { costs: new Map(), currency: 'GBP', log: [] };
}

export function setMonthToDateCost(state: FakeCostState, scope: string, projectTag: string, amount: number) {
  state.costs.set(`${scope.toLowerCase()}|${projectTag}`, amount);
}

const QUERY = /^(.*)\/providers\/Microsoft\.CostManagement\/query$/i;

type Filter = { tags?: { name?: string; operator?: string; values?: string[] } };

export function costRoute(state: FakeCostState) {
  return (req: FakeRouteRequest): FakeRouteResponse | null => {
    const r = { ...req, path: req.path.replace(/\/{2,}/g, '/') };
    const m = r.method === 'POST' ? QUERY.exec(r.path) : null;
    if (!m) return null;
    const out = answer(state, m[1]!, r);
    state.log.push({ path: r.path, status: out.status, body: r.body });
    return out;
  };
}

function answer(state: FakeCostState, scope: string, r: FakeRouteRequest): FakeRouteResponse {
  const err = (status: number, code: string, message: string) => ({ status, json: { error: { code, message } } });
  if (!/^Bearer \S+/.test(r.authorization ?? '')) return err(401, 'AuthenticationFailed', 'The Authorization header is missing.');
  if (r.query['api-version'] !== COST_API_VERSION) return err(400, 'InvalidApiVersionParameter', `Use api-version ${COST_API_VERSION}.`);
  const body = (r.body ?? {}) as { type?: string; timeframe?: string; dataset?: { filter?: Filter } };
  if (body.timeframe !== 'MonthToDate' || !body.type) return err(400, 'BadRequest', 'This stand-in answers month-to-date queries only.');
  const tag = body.dataset?.filter?.tags;
  const value = tag?.name === 'project' && tag.values?.[0] ? (state.costs.get(`${scope.toLowerCase()}|${tag.values[0]}`) ?? 0) : 0;
  return {
    status: 200,
    json: {
      id: `${scope}/providers/Microsoft.CostManagement/query/${crypto.randomUUID()}`,
      name: crypto.randomUUID(),
      type: 'Microsoft.CostManagement/query',
      properties: {
        nextLink: null,
        columns: [
          { name: 'Cost', type: 'Number' },
          { name: 'Currency', type: 'String' },
        ],
        rows: [[value, state.currency]],
      },
    },
  };
}
