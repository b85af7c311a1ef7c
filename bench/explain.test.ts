import { describe, expect, it } from 'vitest';
import { indexesUsed, percentile, seqScans, type PlanNode } from './explain';

const plan: PlanNode = {
  'Node Type': 'Nested Loop',
  Plans: [
    {
      'Node Type': 'Seq Scan',
      'Relation Name': 'PersonaAssignment',
      'Actual Rows': 10,
      'Actual Loops': 2,
      'Rows Removed by Filter': 99_990,
      Filter: '("revokedAt" IS NULL)',
    },
    { 'Node Type': 'Index Scan', 'Relation Name': 'Persona', 'Index Name': 'Persona_pkey', 'Actual Rows': 1, 'Actual Loops': 20 },
  ],
};

describe('plan reading', () => {
  it('counts the rows a sequential scan read over all its loops, and names the indexes used', () => {
    expect(seqScans(plan)).toEqual([{ table: 'PersonaAssignment', rowsRead: 200_000, filter: '("revokedAt" IS NULL)' }]);
    expect([...indexesUsed(plan)]).toEqual(['Persona_pkey']);
  });

  it('nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
  });
});
