import { Badge } from '@/components/ui/badge';
import { AlertIcon, GroupIcon, ProcessIcon, UserIcon } from '@/components/ui/icons';
import { PERSONAS } from '@/lib/catalogue/facts';
import type { getProject } from '@/lib/inventory/queries';
import { formatDate } from '@/lib/web/format';

type PersonaEntry = Awaited<ReturnType<typeof getProject>>['people'][number];

const KIND = {
  USER: { icon: UserIcon, label: 'Person' },
  GROUP: { icon: GroupIcon, label: 'Entra group' },
  SERVICE: { icon: ProcessIcon, label: 'Process identity' },
} as const;

/** Who holds each persona on the project. A disabled account that still holds a persona is flagged for review. */
export function People({ people }: { people: PersonaEntry[] }) {
  const disabled = people.flatMap((p) => p.holders.filter((h) => !h.enabled));
  if (people.length === 0) return <p className="px-5 py-6 text-sm text-slate-600">No one holds a persona on this project yet.</p>;
  return (
    <>
      {disabled.length > 0 && (
        <div className="mx-5 mt-4 flex gap-2.5 rounded-lg border border-rose-200 bg-rose-50 px-3.5 py-2.5 text-sm text-rose-900">
          <AlertIcon className="mt-0.5 size-4 shrink-0 text-rose-700" />
          <p>
            {disabled.length === 1 ? 'One holder has' : `${disabled.length} holders have`} a disabled account but still{' '}
            {disabled.length === 1 ? 'holds' : 'hold'} a persona here. Review and revoke the assignment.
          </p>
        </div>
      )}
      <ul className="divide-y divide-slate-100">
        {people.map((p) => {
          const code = PERSONAS.find((x) => x.key === p.persona)?.code;
          return (
            <li key={p.persona} className="grid grid-cols-1 gap-2 px-5 py-3.5 sm:grid-cols-[16rem_1fr]">
              <h3 className="flex gap-2 pt-1 text-sm font-medium text-slate-900">
                {code && <span className="w-8 shrink-0 pt-px font-mono text-xs text-slate-500">{code}</span>}
                <span>{p.personaName}</span>
              </h3>
              <ul className="flex flex-wrap gap-2">
                {p.holders.map((h, i) => {
                  const Kind = KIND[h.kind];
                  return (
                    <li
                      key={`${h.name}-${i}`}
                      className={
                        h.enabled
                          ? 'inline-flex items-center gap-1.5 rounded-full bg-slate-100 py-1 pr-2.5 pl-2 text-sm text-slate-800'
                          : 'inline-flex items-center gap-1.5 rounded-full bg-rose-50 py-1 pr-1.5 pl-2 text-sm text-rose-900 ring-1 ring-rose-200 ring-inset'
                      }
                    >
                      <Kind.icon className="size-3.5 opacity-70" />
                      <span className="sr-only">{Kind.label}: </span>
                      <span>{h.name}</span>
                      {!h.enabled && (
                        <Badge tone="rose" className="bg-white">
                          Account disabled
                        </Badge>
                      )}
                      {h.validUntil && <span className="text-xs text-slate-600">until {formatDate(h.validUntil)}</span>}
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ul>
    </>
  );
}
