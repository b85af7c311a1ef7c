'use server';
/**
 * Server actions for the workspace-connection screens: validate, call the service (which checks
 * the policy), and return the one action result shape (lib/web/action-result.ts).
 */
import { requireActor } from '@/lib/auth/session';
import { linkWorkspace, requestSync } from '@/lib/azure/service';
import { ZConnectionId, ZLinkWorkspaceInput, type TLinkWorkspaceInput } from '@/lib/azure/schema';
import { runAction } from '@/lib/web/action-result';

/**
 * A link that Azure refused is still recorded on the connection list, so it is a result
 * (`linked: false`) rather than a failure.
 */
export async function linkWorkspaceAction(input: TLinkWorkspaceInput) {
  return runAction(
    async () => {
      const actor = await requireActor();
      // Parsed here for field errors; the service parses the raw input again (the schema's output is not its input).
      ZLinkWorkspaceInput.parse(input);
      const result = await linkWorkspace(actor, input);
      if (!result.ok) return { linked: false as const, connectionId: result.connection.id, message: result.message };
      return { linked: true as const, connectionId: result.connection.id, syncRunId: result.syncRun.id, message: result.message };
    },
    { input },
  );
}

export async function requestSyncAction(connectionId: string) {
  return runAction(
    async () => {
      const actor = await requireActor();
      const { run, created } = await requestSync(actor, ZConnectionId.parse(connectionId));
      return { syncRunId: run.id, alreadyRunning: !created };
    },
    { connectionId },
  );
}
