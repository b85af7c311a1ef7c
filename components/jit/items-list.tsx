import type { TJitItemView } from '@/lib/jit/queries';

/** Resources and roles of a request, one per line: "Owner (O) on mlw-fraud-production · AML workspace". */
export function JitItemsList({ items }: { items: TJitItemView[] }) {
  if (!items.length) return <span className="text-slate-500">—</span>;
  return (
    <ul className="space-y-0.5">
      {items.map((i) => (
        <li key={`${i.resourceId}:${i.role}`}>
          <span className="font-medium text-slate-900">{i.roleName}</span>{' '}
          <span className="font-mono text-xs text-slate-600">({i.role})</span> on <span className="font-mono text-xs">{i.resource}</span>{' '}
          <span className="text-xs text-slate-600">· {i.resourceTypeName}</span>
          {!i.enforcedByAzure && <span className="ml-1 text-xs text-slate-600">(portal-enforced)</span>}
        </li>
      ))}
    </ul>
  );
}
