import { describe, expect, it } from 'vitest';
import { ACCESS_GOVERNANCE_JOBS } from '@/lib/jobs/access-governance';

describe('access governance jobs', () => {
  it('have unique names and five-field cron schedules', () => {
    expect(new Set(ACCESS_GOVERNANCE_JOBS.map((j) => j.name)).size).toBe(ACCESS_GOVERNANCE_JOBS.length);
    for (const j of ACCESS_GOVERNANCE_JOBS) expect(j.cron.split(' ')).toHaveLength(5);
  });
});
