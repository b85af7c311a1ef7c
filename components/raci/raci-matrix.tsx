import { RaciLetterChip } from '@/components/raci/raci-letter';
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/table';
import { PERSONAS } from '@/lib/catalogue/facts';
import { RACI_ACTIVITIES, type TRaciMatrix } from '@/lib/raci/schema';

/** The RACI as a table: SDLC activities down, personas across (codes R1–R12, full names for screen readers). */
export function RaciMatrix({ matrix, caption }: { matrix: TRaciMatrix; caption: string }) {
  return (
    <Table caption={caption} tableClassName="min-w-[64rem] table-fixed" scrollLabel="RACI matrix (scrolls sideways)">
      <THead>
        <tr>
          <Th className="sticky left-0 z-10 w-60 bg-slate-50 align-bottom">Activity</Th>
          {PERSONAS.map((p) => (
            <Th key={p.key} className="px-1 text-center align-bottom normal-case! tracking-normal!" title={p.name}>
              <span aria-hidden="true" className="font-mono">
                {p.code}
              </span>
              <span className="block text-[10px] leading-tight font-normal whitespace-normal text-slate-600" aria-hidden="true">
                {p.name.split(' (')[0]!.replace('Data scientist / ML engineer', 'Data scientist')}
              </span>
              <span className="sr-only">{p.name}</span>
            </Th>
          ))}
        </tr>
      </THead>
      <TBody>
        {RACI_ACTIVITIES.map((a) => (
          <Tr key={a.key} valign="middle">
            <Th scope="row" className="sticky left-0 z-10 bg-white py-2 text-sm whitespace-normal">
              {a.name}
              <span className="mt-0.5 block text-xs font-normal text-slate-600">{a.hint}</span>
            </Th>
            {PERSONAS.map((p) => (
              <Td key={p.key} className="px-1 py-2 text-center">
                <RaciLetterChip letter={matrix[a.key]?.[p.key] ?? null} />
              </Td>
            ))}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
