/**
 * Reads EXPLAIN (ANALYZE, FORMAT JSON) output: how long the statement took and which large tables
 * it read sequentially, i.e. which filter found no index.
 */
export type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Filter?: string;
  Plans?: PlanNode[];
};
export type ExplainOutput = { Plan: PlanNode; 'Planning Time': number; 'Execution Time': number };

export type SeqScan = { table: string; rowsRead: number; filter?: string };

/** Sequential scans in the plan, with the rows each read (kept + filtered out, over all loops). */
export function seqScans(node: PlanNode, out: SeqScan[] = []): SeqScan[] {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) {
    const loops = node['Actual Loops'] ?? 1;
    out.push({
      table: node['Relation Name'],
      rowsRead: Math.round(((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops),
      ...(node.Filter ? { filter: node.Filter } : {}),
    });
  }
  for (const child of node.Plans ?? []) seqScans(child, out);
  return out;
}

/** Index names the plan used. */
export function indexesUsed(node: PlanNode, out = new Set<string>()): Set<string> {
  if (node['Index Name']) out.add(node['Index Name']);
  for (const child of node.Plans ?? []) indexesUsed(child, out);
  return out;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
