'use server';
/**
 * Server actions for the workspace-connection screens: validate, call the service (which checks
 * the policy), and turn AppError into a message for the user. Anything unexpected is logged and
 * shown generically.
 */
import { requireActor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { linkWorkspace, requestSync } from '@/lib/azure/service';
import { ZConnectionId, ZLinkWorkspaceInput, type TLinkWorkspaceInput } from '@/lib/azure/schema';

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

function failure(e: unknown): { ok: false; error: string } {
  if (e instanceof AppError) return { ok: false, error: e.message };
  console.error('[azure] unexpected error in a server action', e);
  return { ok: false, error: 'Something went wrong on our side. The error has been logged.' };
}

export async function linkWorkspaceAction(
  input: TLinkWorkspaceInput,
): Promise<ActionResult<{ connectionId: string; syncRunId: string; message: string }> & { connectionId?: string }> {
  const actor = await requireActor();
  const parsed = ZLinkWorkspaceInput.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const i of parsed.error.issues) fieldErrors[i.path.join('.') || 'form'] ??= i.message;
    return { ok: false, error: 'Check the workspace details.', fieldErrors };
  }
  try {
    const result = await linkWorkspace(actor, input);
    if (!result.ok) return { ok: false, error: result.message, connectionId: result.connection.id };
    return { ok: true, data: { connectionId: result.connection.id, syncRunId: result.syncRun.id, message: result.message } };
  } catch (e) {
    return failure(e);
  }
}

export async function requestSyncAction(connectionId: string): Promise<ActionResult<{ syncRunId: string; alreadyRunning: boolean }>> {
  const actor = await requireActor();
  const id = ZConnectionId.safeParse(connectionId);
  if (!id.success) return { ok: false, error: 'That is not a workspace connection id.' };
  try {
    const { run, created } = await requestSync(actor, id.data);
    return { ok: true, data: { syncRunId: run.id, alreadyRunning: !created } };
  } catch (e) {
    return failure(e);
  }
}
