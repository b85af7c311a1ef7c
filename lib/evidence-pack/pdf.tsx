/** The pack as a PDF, rendered in-process by @react-pdf/renderer (no headless browser). */
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { recordLine } from '@/lib/evidence-pack/summary';
import type { SignedPack } from '@/lib/evidence-pack/types';

const styles = StyleSheet.create({
  page: { padding: 36, fontSize: 9, fontFamily: 'Helvetica', lineHeight: 1.4 },
  h1: { fontSize: 16, marginBottom: 6, fontFamily: 'Helvetica-Bold' },
  h2: { fontSize: 12, marginTop: 12, marginBottom: 4, fontFamily: 'Helvetica-Bold' },
  muted: { color: '#555' },
  item: { marginLeft: 8, marginBottom: 2 },
  hash: { fontFamily: 'Courier', fontSize: 7, color: '#555', marginTop: 2 },
});

// The standard PDF fonts cover Latin-1 only; other characters would print as nothing.
const latin1 = (s: string) =>
  s
    .replace(/→/g, '->')
    .replace(/—/g, '-')
    .replace(/[^\x20-\xff]/g, '?');

export async function packPdf(pack: SignedPack): Promise<Buffer> {
  const { manifest: m, signature } = pack;
  const title = `Evidence pack: ${m.subject.project.code} ${m.subject.model} v${m.subject.version}`;
  return renderToBuffer(
    <Document title={title} author="ML Governance Portal" subject="Promotion receipt" language="en">
      <Page size="A4" style={styles.page} wrap>
        <Text style={styles.h1}>{latin1(title)}</Text>
        <Text style={styles.muted}>
          {latin1(
            `${m.subject.project.name}. Live in production from ${m.subject.liveFrom}${m.subject.liveUntil ? ` until ${m.subject.liveUntil}` : ' (still live)'}. Compiled ${m.generatedAt}. Ed25519 key ${signature.keyId}.`,
          )}
        </Text>
        {m.sections.map((s) => (
          <View key={s.key} wrap>
            <Text style={styles.h2}>{latin1(s.title)}</Text>
            <Text>{latin1(s.statement)}</Text>
            {s.records.map((r, i) => (
              <Text key={i} style={styles.item}>
                {latin1(`- ${recordLine(s.key, r as Record<string, unknown>)}`)}
              </Text>
            ))}
            <Text style={styles.hash}>Source SHA-256 {s.sourceHash}</Text>
          </View>
        ))}
      </Page>
    </Document>,
  );
}
