import { describe, expect, it } from 'vitest';
import { chatFormatFor, chatPayload, neutralizeChatText, slackText, teamsText } from '@/lib/notifications/chat';

const HOSTILE =
  '<!channel> <!here|here> <@U024BE7LH> <#C123|general> <!subteam^S1|@oncall> @channel @here @everyone [click](http://evil.example/x) ![img](https://evil.example/i.png) <https://evil.example|Slack link> https://evil.example www.evil.example javascript:alert(1)';

/** No construct left that Slack or Teams would turn into a mention or a link. */
function expectInert(text: string) {
  expect(text).not.toMatch(/<[!@#]/);
  expect(text).not.toMatch(/@(channel|here|everyone)\b/i);
  expect(text).not.toMatch(/\]\(/);
  expect(text).not.toMatch(/<https?:/i);
  expect(text).not.toMatch(/https?:\/\//i);
  expect(text).not.toMatch(/\bwww\./i);
  expect(text).not.toMatch(/javascript:/i);
}

describe('neutralizeChatText', () => {
  it('leaves no active mention or link, and keeps the words readable', () => {
    const out = neutralizeChatText(HOSTILE);
    expectInert(out);
    expect(out).toContain('click (http[:]//evil.example/x)');
    expect(out).toContain('Slack link (https[:]//evil.example)');
    expect(out.replace(/\u200b/g, '')).toContain('@channel @here @U024BE7LH @general');
  });

  it('leaves ordinary text alone', () => {
    expect(neutralizeChatText('scorer v2 → production (AUC 0.91), ticket CHG-42')).toBe('scorer v2 → production (AUC 0.91), ticket CHG-42');
  });

  it('drops control and bidirectional-override characters', () => {
    expect(neutralizeChatText('a\u0000b\u202ec\nd')).toBe('abc\nd');
  });
});

describe('per-format escaping', () => {
  it("Slack: &, < and > become entities, so nothing can open Slack's control sequences", () => {
    const out = slackText('a < b & c > d <!channel>');
    expect(out).toBe('a &lt; b &amp; c &gt; d @\u200bchannel');
    expectInert(slackText(HOSTILE));
  });

  it('Teams: emphasis and brackets are escaped for the TextBlock Markdown', () => {
    expect(teamsText('*bold* _it_ [x] ~s~')).toBe('\\*bold\\* \\_it\\_ \\[x\\] \\~s\\~');
    expectInert(teamsText(HOSTILE));
  });
});

describe('chatPayload', () => {
  const notice = {
    project: 'FRAUD',
    title: 'BREAK-GLASS: <!channel> took access',
    detail: HOSTILE,
    link: 'https://portal.example/access/requests/1',
  };

  it('Teams: an Adaptive Card with the user text only in TextBlocks, and one action to the portal link', () => {
    const p = chatPayload('teams', notice) as {
      attachments: [{ contentType: string; content: { body: { type: string; text: string }[]; actions: { url: string }[] } }];
    };
    expect(p.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = p.attachments[0].content;
    expect(card.body.map((b) => b.type)).toEqual(['TextBlock', 'TextBlock']);
    for (const b of card.body) expectInert(b.text);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in the portal', url: notice.link }]);
  });

  it('Slack: plain_text blocks, no unfurling, no link names, an escaped fallback', () => {
    const p = chatPayload('slack', notice) as {
      text: string;
      link_names: boolean;
      unfurl_links: boolean;
      blocks: { type: string; text?: { type: string; text: string } }[];
    };
    expect(p).toMatchObject({ link_names: false, unfurl_links: false, unfurl_media: false });
    expectInert(p.text);
    const texts = p.blocks.filter((b) => b.type === 'section').map((b) => b.text!);
    expect(texts.map((t) => t.type)).toEqual(['plain_text', 'plain_text']);
    for (const t of texts) expectInert(t.text);
  });

  it('generic: plain fields, made inert', () => {
    const p = chatPayload('generic', notice) as Record<string, string>;
    for (const key of ['title', 'text', 'summary']) expectInert(p[key]!);
    expect(p.project).toBe('FRAUD');
  });
});

describe('chatFormatFor', () => {
  it.each([
    ['https://hooks.slack.com/services/T/B/x', 'slack'],
    ['https://contoso.webhook.office.com/webhookb2/x', 'teams'],
    ['https://prod-01.westeurope.logic.azure.com/workflows/x', 'teams'],
    ['https://chat.example.com/hook', 'generic'],
  ])('%s → %s', (url, format) => {
    expect(chatFormatFor(url, 'auto')).toBe(format);
  });

  it('the setting wins over the host', () => {
    expect(chatFormatFor('https://chat.example.com/hook', 'teams')).toBe('teams');
  });
});
