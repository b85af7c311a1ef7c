import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { recordLine } from '@/lib/evidence-pack/summary';
import type { PackManifest } from '@/lib/evidence-pack/types';

/** The pack's sections as the HTML page shows them: statement, records, and the hash of the records. */
export function PackSections({ manifest, stale = [] }: { manifest: PackManifest; stale?: string[] }) {
  return (
    <div className="space-y-6">
      {manifest.sections.map((s) => (
        <Card key={s.key} aria-labelledby={`section-${s.key}`}>
          <CardHeader
            id={`section-${s.key}`}
            title={s.title}
            actions={stale.includes(s.key) ? <Badge tone="rose">Stale</Badge> : undefined}
          />
          <CardBody className="space-y-3 text-sm">
            <p>{s.statement}</p>
            {s.records.length > 0 && (
              <ul className="list-disc space-y-1 pl-5 text-slate-800">
                {s.records.map((r, i) => (
                  <li key={i} className="break-words">
                    {recordLine(s.key, r as Record<string, unknown>)}
                  </li>
                ))}
              </ul>
            )}
            <p className="text-xs text-slate-600">
              Source SHA-256 <code className="break-all">{s.sourceHash}</code>
            </p>
          </CardBody>
        </Card>
      ))}
    </div>
  );
}
