/**
 * RACI rules as pure functions: acceptance state, who accepts in which role, the difference
 * between two versions, and which personas the RACI relies on. No database access.
 */
import { PERSONA_KEYS, type PersonaKey } from '@/lib/catalogue/facts';
import { personaLabel } from '@/lib/catalogue/personas';
import { personasOn, type Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { RACI_ACTIVITIES, type RaciActivityKey, type RaciLetter, type TRaciMatrix } from '@/lib/raci/schema';

export type AcceptanceRole = 'PROJECT_LEAD' | 'BUSINESS_OWNER';
const ACCEPTANCE_ROLES: readonly AcceptanceRole[] = ['BUSINESS_OWNER', 'PROJECT_LEAD'];
const ACCEPTANCE_ROLE_PERSONA: Record<AcceptanceRole, PersonaKey> = {
  PROJECT_LEAD: 'project-lead',
  BUSINESS_OWNER: 'business-owner',
};
export const ACCEPTANCE_ROLE_LABEL: Record<AcceptanceRole, string> = {
  PROJECT_LEAD: personaLabel(ACCEPTANCE_ROLE_PERSONA.PROJECT_LEAD),
  BUSINESS_OWNER: personaLabel(ACCEPTANCE_ROLE_PERSONA.BUSINESS_OWNER),
};

type RaciState = 'NONE' | 'AWAITING_ACCEPTANCE' | 'ACCEPTED';

/** A version is accepted once both the business owner and the project lead have accepted it. */
export function raciState(current: { acceptances: { role: AcceptanceRole }[] } | null): RaciState {
  if (!current) return 'NONE';
  return missingAcceptances(current.acceptances).length === 0 ? 'ACCEPTED' : 'AWAITING_ACCEPTANCE';
}

export function missingAcceptances(acceptances: { role: AcceptanceRole }[]): AcceptanceRole[] {
  return ACCEPTANCE_ROLES.filter((r) => !acceptances.some((a) => a.role === r));
}

/**
 * The role in which the actor accepts a version: business owner if they hold that persona on the
 * project, else project lead; null if neither (raci.accept comes from those two personas only).
 */
export function acceptanceRoleOf(actor: Actor, projectId: string): AcceptanceRole | null {
  if (actor.kind !== 'user' || !can(actor, 'raci.accept', projectId)) return null;
  const personas = personasOn(actor, projectId);
  if (personas.has('business-owner')) return 'BUSINESS_OWNER';
  if (personas.has('project-lead')) return 'PROJECT_LEAD';
  return null;
}

/**
 * Why the actor may not accept `version` now, or null when they may. A person accepts once per
 * version, and the two roles are held by two different people.
 */
export function acceptanceRefusal(input: {
  role: AcceptanceRole | null;
  actorId: string;
  currentVersion: number | null;
  version: number;
  acceptances: { role: AcceptanceRole; userId: string }[];
}): { code: 'FORBIDDEN' | 'CONFLICT'; message: string } | null {
  if (!input.role) return { code: 'FORBIDDEN', message: 'Only the project lead and the business owner accept the RACI.' };
  if (input.currentVersion === null) return { code: 'CONFLICT', message: 'This project has no RACI yet.' };
  if (input.version !== input.currentVersion)
    return {
      code: 'CONFLICT',
      message: `Version ${input.version} is no longer current: version ${input.currentVersion} replaced it. Review and accept that one.`,
    };
  if (input.acceptances.some((a) => a.userId === input.actorId))
    return { code: 'CONFLICT', message: `You have already accepted version ${input.version}.` };
  if (input.acceptances.some((a) => a.role === input.role))
    return {
      code: 'CONFLICT',
      message: `The ${ACCEPTANCE_ROLE_LABEL[input.role].toLowerCase()} has already accepted version ${input.version}.`,
    };
  return null;
}

type RaciChange = { activity: RaciActivityKey; persona: PersonaKey; from: RaciLetter | null; to: RaciLetter | null };

/** Cell-by-cell changes from `before` to `after`, in activity then persona order. */
export function diffRaci(before: TRaciMatrix | null, after: TRaciMatrix): RaciChange[] {
  const changes: RaciChange[] = [];
  for (const { key } of RACI_ACTIVITIES) {
    for (const persona of PERSONA_KEYS) {
      const from = before?.[key]?.[persona] ?? null;
      const to = after[key]?.[persona] ?? null;
      if (from !== to) changes.push({ activity: key, persona, from, to });
    }
  }
  return changes;
}

/** Personas the RACI gives work or answerability to (R or A): someone must hold each of them. */
export function personasReliedOn(matrix: TRaciMatrix): PersonaKey[] {
  const relied = new Set<PersonaKey>();
  for (const row of Object.values(matrix)) {
    for (const [persona, letter] of Object.entries(row)) if (letter === 'R' || letter === 'A') relied.add(persona as PersonaKey);
  }
  return PERSONA_KEYS.filter((p) => relied.has(p));
}

/** Drops persona entries without a letter so stored versions compare equal when they mean the same. */
export function normaliseRaci(matrix: TRaciMatrix): TRaciMatrix {
  const out = {} as TRaciMatrix;
  for (const { key } of RACI_ACTIVITIES) {
    const row: Partial<Record<PersonaKey, RaciLetter>> = {};
    for (const persona of PERSONA_KEYS) {
      const letter = matrix[key]?.[persona];
      if (letter) row[persona] = letter;
    }
    out[key] = row;
  }
  return out;
}
