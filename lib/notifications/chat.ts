/**
 * What the portal posts to a Teams or Slack channel webhook. Notices carry text that users wrote
 * (justifications, reasons, model and review names, display names), so before it reaches a chat
 * it is made inert: no mention (`<!channel>`, `<!here>`, `<@U…>`, `@channel`), no link
 * (`[text](url)`, Slack's `<url|text>`, bare URLs), no markup that the chat would interpret.
 * Teams gets an Adaptive Card whose user text sits only in TextBlocks; Slack gets plain_text
 * blocks and an escaped fallback.
 */

export type ChatFormat = 'teams' | 'slack' | 'generic';

export type ChannelNotice = {
  /** The project code the post is about. */
  project: string;
  title: string;
  /** Present only when NOTIFY_CHANNEL_DETAIL=full. */
  detail?: string;
  /** An absolute link into the portal (built by the portal, never from user input). */
  link?: string;
};

const MENTION_WORDS = /@(channel|here|everyone|all|group)\b/gi;
const ZWSP = '\u200b';

/**
 * Removes every construct that a chat turns into a mention or a link, keeping the words readable:
 * `<!channel>` → `@​channel` (with a zero-width space), `[click](http://x)` → `click (http[:]//x)`.
 */
export function neutralizeChatText(input: string): string {
  return (
    input
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
      // Slack's special mentions and user, channel and group references.
      .replace(/<[!@#]([^>|]*)(?:\|([^>]*))?>/g, (_, id: string, label?: string) => `@${ZWSP}${(label || id).replace(/^subteam\^/, '')}`)
      // Slack's links: <url|text> and <url>.
      .replace(/<([a-z][a-z0-9+.-]*:[^>|]*)(?:\|([^>]*))?>/gi, (_, url: string, label?: string) => (label ? `${label} (${url})` : url))
      // Markdown links and images: [text](url "title").
      .replace(/!?\[([^\]]*)\]\(\s*([^)\s]*)[^)]*\)/g, (_, label: string, url: string) => (url ? `${label} (${url})` : label))
      // Any remaining "](" would still start a link in some renderers.
      .replace(/\]\(/g, `]${ZWSP}(`)
      // Bare URLs are auto-linked by both chats: defang the scheme.
      .replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, '$1[:]//')
      .replace(/\b(mailto|javascript|data|vbscript|file|tel|sms):/gi, '$1[:]')
      .replace(/\bwww\./gi, `www${ZWSP}.`)
      .replace(MENTION_WORDS, `@${ZWSP}$1`)
  );
}

/** Slack's own escaping (&, <, >) on top: nothing in the text can open a control sequence. */
export function slackText(input: string): string {
  return neutralizeChatText(input).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Emphasis and bracket characters that a TextBlock's Markdown would interpret, escaped (CommonMark escapes). */
export function teamsText(input: string): string {
  return neutralizeChatText(input).replace(/([\\`*_[\]~])/g, '\\$1');
}

export function chatFormatFor(webhookUrl: string, setting: 'auto' | ChatFormat): ChatFormat {
  if (setting !== 'auto') return setting;
  let host = '';
  try {
    host = new URL(webhookUrl).hostname.toLowerCase();
  } catch {
    return 'generic';
  }
  if (host === 'hooks.slack.com') return 'slack';
  if (/(^|\.)(webhook\.office\.com|logic\.azure\.com|environment\.api\.powerplatform\.com)$/.test(host)) return 'teams';
  return 'generic';
}

function headline(n: ChannelNotice): string {
  return `[${n.project}] ${n.title}`;
}

/** An Adaptive Card: the user's words only in TextBlocks; the one action opens the portal's own link. */
function teamsPayload(n: ChannelNotice) {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: teamsText(headline(n)), weight: 'Bolder', size: 'Medium', wrap: true },
  ];
  if (n.detail) body.push({ type: 'TextBlock', text: teamsText(n.detail), wrap: true });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          ...(n.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in the portal', url: n.link }] } : {}),
        },
      },
    ],
  };
}

function slackPayload(n: ChannelNotice) {
  const plain = (text: string) => ({ type: 'plain_text', text: neutralizeChatText(text).slice(0, 3000), emoji: false });
  return {
    text: slackText(headline(n)),
    unfurl_links: false,
    unfurl_media: false,
    link_names: false,
    blocks: [
      { type: 'section', text: plain(headline(n)) },
      ...(n.detail ? [{ type: 'section', text: plain(n.detail) }] : []),
      ...(n.link ? [{ type: 'actions', elements: [{ type: 'button', text: plain('Open in the portal'), url: n.link }] }] : []),
    ],
  };
}

/** For receivers that are neither: plain fields, the text made inert for either chat's renderer. */
function genericPayload(n: ChannelNotice) {
  const text = slackText(headline(n)) + (n.detail ? `\n\n${slackText(n.detail)}` : '');
  return { project: n.project, title: neutralizeChatText(n.title), text, summary: neutralizeChatText(headline(n)), link: n.link };
}

export function chatPayload(format: ChatFormat, notice: ChannelNotice): unknown {
  if (format === 'teams') return teamsPayload(notice);
  if (format === 'slack') return slackPayload(notice);
  return genericPayload(notice);
}
