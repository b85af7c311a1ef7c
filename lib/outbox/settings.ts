/**
 * Settings for outbound calls and chat notifications (lib/security/outbound-url.ts,
 * lib/notifications/chat.ts). Kept apart from lib/env.ts, which is server-only: the outbox, the
 * jobs and the seed scripts read these outside Next.
 */
import { z } from 'zod';

const ZOutboundSettings = z.object({
  /** Comma-separated exact `host:port` entries exempt from the outbound URL policy (http allowed, any address). */
  OUTBOUND_ALLOWED_HOSTS: z.string().optional(),
  /** The chat webhook's dialect; `auto` tells Slack and Teams apart by the webhook's host. */
  NOTIFY_WEBHOOK_FORMAT: z.enum(['auto', 'teams', 'slack', 'generic']).catch('auto'),
  /**
   * `summary` (default): channel posts name the project and the event only; `full` adds the notice
   * text, escaped. An unknown value falls back to the default rather than failing the change that
   * queues the notice.
   */
  NOTIFY_CHANNEL_DETAIL: z.enum(['summary', 'full']).catch('summary'),
});

export function outboundSettings(): z.infer<typeof ZOutboundSettings> {
  return ZOutboundSettings.parse(process.env);
}
