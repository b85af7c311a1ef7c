import type { TRuleSummary } from '@/lib/jit/request-options';
import { describeDuration } from '@/lib/jit/policy';

const APPROVER: Record<string, string> = { PROJECT_LEAD: 'the project lead', PLATFORM_LEAD: 'the platform lead' };

/** The terms that apply, in words: cap, ticket, approvals, step-up. */
export function RuleSummary({ rules, breakGlass = false }: { rules: TRuleSummary[]; breakGlass?: boolean }) {
  return (
    <ul className="space-y-2 text-sm text-slate-700">
      {rules.map((r) => (
        <li key={r.key}>
          <span className="font-semibold text-slate-900">{r.name}.</span>{' '}
          {breakGlass
            ? `No approval: you activate it yourself, for at most ${describeDuration(Math.min(60, r.maxDurationMinutes) * 60)}. The business owner and project lead are told at once, and a review follows.`
            : `Up to ${describeDuration(r.maxDurationMinutes * 60)}${r.ticketRequired ? ', with a ticket' : ''}; ${r.approvalsRequired} approval${r.approvalsRequired === 1 ? '' : 's'} from ${r.approverRoles.map((a) => APPROVER[a]).join(' or ')}.`}
          {r.stepUpRequired && ' You confirm it is you when you activate.'}
        </li>
      ))}
    </ul>
  );
}
