'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { ZProjectCode } from '@/lib/inventory/schema';
import { failStep, openCurrentStep, startRetirement, tickItem } from '@/lib/lifecycle/service';
import type { TFailStep, TStartRetirement, TTickItem } from '@/lib/lifecycle/schema';
import { transitionProject, type TLifecycleChange } from '@/lib/lifecycle/transition';
import { runAction } from '@/lib/web/action-result';

const pathOf = (code: string) => `/projects/${encodeURIComponent(code)}/lifecycle`;

async function run<T>(
  project: string,
  body: (actor: Awaited<ReturnType<typeof requireActor>>, code: string) => Promise<T>,
  inputs: Record<string, unknown>,
) {
  return runAction(async () => {
    const code = ZProjectCode.parse(project);
    const actor = await requireActor(pathOf(code));
    const r = await body(actor, code);
    revalidatePath(pathOf(code));
    revalidatePath(`/projects/${encodeURIComponent(code)}`);
    return r;
  }, inputs);
}

export async function tickLifecycleItemAction(project: string, input: TTickItem) {
  return run(project, (actor, code) => tickItem(actor, code, input), { project, input });
}

export async function failLifecycleStepAction(project: string, input: TFailStep) {
  return run(project, (actor, code) => failStep(actor, code, input), { project, input });
}

export async function openLifecycleStepAction(project: string) {
  return run(project, (actor, code) => openCurrentStep(actor, code), { project });
}

export async function startRetirementAction(project: string, input: TStartRetirement) {
  return run(project, (actor, code) => startRetirement(actor, code, input), { project, input });
}

export async function moveProjectAction(project: string, input: TLifecycleChange) {
  return run(project, (actor, code) => transitionProject(actor, code, input), { project, input });
}
