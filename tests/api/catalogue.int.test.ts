import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GET as listPersonas } from '@/app/api/v1/personas/route';
import { GET as rbacMatrix } from '@/app/api/v1/rbac-matrix/route';
import { ZPersona, ZRbacMatrix, type TRbacMatrix } from '@/lib/catalogue/schema';
import { db } from '@/lib/db';
import { createUser } from '@/prisma/factories/org';
import { callRoute, type ErrorBody } from '@/tests/support/api';

let user: { id: string };
beforeAll(async () => {
  // The catalogue is for every signed-in user, with or without personas.
  user = await createUser(db());
});

describe('GET /api/v1/personas', () => {
  it('lists the twelve personas in order', async () => {
    const res = await callRoute<z.infer<typeof ZPersona>[]>(listPersonas, '/api/v1/personas', { as: user });
    expect(res.status).toBe(200);
    expect(z.array(ZPersona).safeParse(res.body).success).toBe(true);
    expect(res.body.map((p) => p.code)).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11', 'R12']);
    expect(res.body.find((p) => p.key === 'cicd-process')).toMatchObject({ kind: 'PROCESS', scope: 'PLATFORM' });
  });

  it('401 without a session', async () => {
    const res = await callRoute<ErrorBody>(listPersonas, '/api/v1/personas');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('GET /api/v1/rbac-matrix', () => {
  const matrix = (query: string, as: { id: string } | 'anonymous' = user) =>
    callRoute<TRbacMatrix & ErrorBody>(rbacMatrix, `/api/v1/rbac-matrix${query}`, as === 'anonymous' ? {} : { as });

  it('production by default: 12 personas × 8 resource types, with role abbreviations and access periods', async () => {
    const res = await matrix('');
    expect(res.status).toBe(200);
    expect(ZRbacMatrix.safeParse(res.body).success).toBe(true);
    expect(res.body.environmentClass).toBe('production');
    expect(res.body.resourceTypes).toHaveLength(8);
    expect(res.body.rows).toHaveLength(96);
    expect(res.body.rows[0]).toMatchObject({ persona: 'data-scientist', resourceType: 'aml-workspace' });
    const abbreviations = new Set(res.body.roles.map((r) => r.abbreviation));
    for (const row of res.body.rows) for (const role of row.roles) expect(abbreviations).toContain(role);
    const jit = new Set(res.body.rows.filter((r) => r.accessPeriod === 'JUST_IN_TIME').map((r) => r.persona));
    expect([...jit].sort()).toEqual(['cicd-process', 'platform-support']);
  });

  it('pre-production differs from production', async () => {
    const pre = await matrix('?environmentClass=preproduction');
    const prod = await matrix('?environmentClass=production');
    expect(pre.status).toBe(200);
    expect(pre.body.environmentClass).toBe('preproduction');
    expect(pre.body.rows).toHaveLength(96);
    expect(pre.body.rows).not.toEqual(prod.body.rows);
    const jit = new Set(pre.body.rows.filter((r) => r.accessPeriod === 'JUST_IN_TIME').map((r) => r.persona));
    expect([...jit]).toEqual(['platform-support']);
  });

  it('an unknown environment class is 400 naming the parameter and the accepted values', async () => {
    for (const value of ['staging', 'PRODUCTION', '', 'x'.repeat(10_240)]) {
      const res = await matrix(`?environmentClass=${value}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
      expect(res.body.error.message).toBe("environmentClass: environmentClass must be 'production' or 'preproduction'");
      expect(res.body.error.details).toEqual([
        { path: 'environmentClass', message: "environmentClass must be 'production' or 'preproduction'" },
      ]);
    }
  });

  it('401 without a session', async () => {
    expect((await matrix('', 'anonymous')).status).toBe(401);
  });
});
