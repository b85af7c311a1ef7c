/** The pack as one self-contained, accessible HTML document (the download; the portal page shows the same). */
import { recordLine } from '@/lib/evidence-pack/summary';
import type { SignedPack } from '@/lib/evidence-pack/types';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function packHtml(pack: SignedPack): string {
  const { manifest: m, signature } = pack;
  const title = `Evidence pack: ${m.subject.project.code} ${m.subject.model} v${m.subject.version}`;
  const sections = m.sections
    .map(
      (s) => `<section aria-labelledby="s-${esc(s.key)}">
<h2 id="s-${esc(s.key)}">${esc(s.title)}</h2>
<p>${esc(s.statement)}</p>
${s.records.length ? `<ul>${s.records.map((r) => `<li>${esc(recordLine(s.key, r as Record<string, unknown>))}</li>`).join('')}</ul>` : ''}
<p><small>Source SHA-256: <code>${esc(s.sourceHash)}</code></small></p>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.5}code{word-break:break-all}h2{border-top:1px solid #ccc;padding-top:1rem}</style>
</head><body><main>
<h1>${esc(title)}</h1>
<p>${esc(m.subject.project.name)}. Live in production from ${esc(m.subject.liveFrom)}${m.subject.liveUntil ? ` until ${esc(m.subject.liveUntil)}` : ' (still live)'}. Compiled ${esc(m.generatedAt)}.</p>
<p>Signed with Ed25519, key ${esc(signature.keyId)}. Verify the JSON manifest with <code>npm run pack:verify</code> or <code>POST /api/v1/evidence-packs/verify</code>.</p>
${sections}
</main></body></html>
`;
}
