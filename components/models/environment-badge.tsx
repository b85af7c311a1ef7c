import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { ENVIRONMENT, type EnvironmentKey } from '@/components/projects/labels';

/** Where something runs: the environment's name, then what runs there (e.g. "v4 · 100%"). */
export function EnvironmentBadge({ environment, children }: { environment: EnvironmentKey; children?: ReactNode }) {
  const e = ENVIRONMENT[environment];
  return (
    <Badge tone={e.tone} dot>
      <span>{e.label}</span>
      {children && <span className="font-normal tabular-nums">{children}</span>}
    </Badge>
  );
}
