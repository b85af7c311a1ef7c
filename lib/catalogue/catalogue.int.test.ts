import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadUserActor } from '@/lib/auth/load-actor';
import type { Actor } from '@/lib/auth/actor';
import { PERSONAS, RESOURCE_TYPES } from '@/lib/catalogue/facts';
import { findPersonas, getRbacMatrix } from '@/lib/inventory/catalogue-queries';
import { db } from '@/lib/db';
import { seedCatalogue } from '@/prisma/factories/catalogue';
import { createUser } from '@/prisma/factories/org';

/** Parses one markdown table of the source document into persona name → cells. */
function parseTable(markdown: string, heading: string): { header: string[]; rows: string[][] } {
  const section = markdown.split(`## ${heading}`)[1]!.split('\n## ')[0]!;
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const cells = (l: string) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  return { header: cells(lines[0]!), rows: lines.slice(2).map(cells) };
}

const source = readFileSync(path.join(import.meta.dirname, '__fixtures__/seed-001-rbac-tables.md'), 'utf8');
let actor: Actor;

beforeAll(async () => {
  const user = await createUser(db());
  actor = (await loadUserActor(user.id))!;
});

describe('the RBAC matrices equal the tables of seed 001, cell by cell', () => {
  for (const [heading, cls] of [
    ['production', 'production'],
    ['preproduction', 'preproduction'],
  ] as const) {
    it(`${cls}: every persona × resource cell`, async () => {
      const table = parseTable(source, heading);
      expect(table.rows).toHaveLength(12);
      expect(table.header.slice(1)).toHaveLength(RESOURCE_TYPES.length);
      const matrix = await getRbacMatrix(actor, cls);
      expect(matrix.rows).toHaveLength(12 * 8);
      let compared = 0;
      table.rows.forEach((row, personaIndex) => {
        const personaKey = PERSONAS[personaIndex]!.key;
        row.slice(1).forEach((cell, resourceIndex) => {
          const expected = cell === '' ? [] : cell.split(',').map((r) => r.trim());
          const actual = matrix.rows.find((r) => r.persona === personaKey && r.resourceType === RESOURCE_TYPES[resourceIndex]!.key);
          expect(actual?.roles, `${heading} ${row[0]} × ${table.header[resourceIndex + 1]}`).toEqual(expected);
          compared++;
        });
      });
      expect(compared).toBe(96);
    });
  }

  it('access period: just-in-time for platform support everywhere and for CI/CD in production only', async () => {
    const jit = async (cls: 'production' | 'preproduction') =>
      [...new Set((await getRbacMatrix(actor, cls)).rows.filter((r) => r.accessPeriod === 'JUST_IN_TIME').map((r) => r.persona))].sort();
    expect(await jit('production')).toEqual(['cicd-process', 'platform-support']);
    expect(await jit('preproduction')).toEqual(['platform-support']);
  });

  it('seeding again changes nothing', async () => {
    const before = await getRbacMatrix(actor, 'production');
    await seedCatalogue(db());
    expect(await getRbacMatrix(actor, 'production')).toEqual(before);
    expect(await db().rbacMatrixCell.count()).toBe(2 * 12 * 8);
  });
});

describe('personas', () => {
  it('lists the twelve personas of seed 001 with kind and scope, in order', async () => {
    const personas = await findPersonas(actor);
    expect(personas.map((p) => p.code)).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11', 'R12']);
    expect(personas.find((p) => p.key === 'platform-support')).toMatchObject({ kind: 'PERSON', scope: 'PLATFORM' });
    expect(personas.find((p) => p.key === 'model-end-user')).toMatchObject({ kind: 'PERSON_OR_PROCESS', scope: 'PROJECT' });
    expect(personas.filter((p) => p.kind === 'PROCESS').map((p) => p.code)).toEqual(['R9', 'R10', 'R11', 'R12']);
  });
});
