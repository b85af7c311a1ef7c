'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input, Textarea } from '@/components/ui/field';
import { simulateRiskPolicyAction } from '@/lib/risk-simulation/actions';
import { saveRiskPolicyAction } from '@/lib/risk/actions';

type Simulation = {
  projects: { project: string; from: string | null; to: string | null; firedRule: string | null; needsAcceptanceAgain: boolean }[];
  promotions: {
    requestId: string;
    project: string;
    subject: string;
    status: string;
    statusAfter: string;
    approvalsGained: string[];
    approvalsLost: string[];
    raiSectionsGained: string[];
    raiSectionsLost: string[];
    stepUpRequiredAfter: boolean | null;
  }[];
  grants: {
    requestId: string;
    project: string;
    environment: string;
    holder: string;
    status: string;
    rule: string;
    ineligible: boolean;
    reasons: string[];
  }[];
};

const tier = (t: string | null) => (t ? t.toLowerCase() : 'unclassified');

/** Edit the policy as JSON, see what it would change (nothing is written), then save it. */
export function PolicySimulator({ baseVersion, initial }: { baseVersion: number; initial: string }) {
  const router = useRouter();
  const [text, setText] = useState(initial);
  const [note, setNote] = useState('');
  const [result, setResult] = useState<Simulation | null>(null);
  const [simulated, setSimulated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const parse = () => {
    try {
      return { ok: true as const, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false as const };
    }
  };
  return (
    <div>
      <Field
        label="Risk policy (JSON): tier rules, fallback tier and the gates of each tier"
        hint="Rules are tried in order; the first whose conditions all hold decides the tier."
      >
        <Textarea
          rows={18}
          className="font-mono text-xs"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setResult(null);
            setSaved(null);
          }}
        />
      </Field>
      <div className="mt-3 flex flex-wrap gap-3">
        <Button
          type="button"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const parsed = parse();
              if (!parsed.ok) return setError('The policy is not valid JSON.');
              const r = await simulateRiskPolicyAction(parsed.value);
              if (!r.ok) {
                setError(r.message);
                setResult(null);
              } else {
                setError(null);
                setResult(r.data as Simulation);
                setSimulated(text);
              }
            })
          }
        >
          {pending ? 'Working…' : 'Simulate'}
        </Button>
      </div>
      <FormError message={error} className="mt-3" />
      {saved && (
        <p role="status" className="mt-3 text-sm text-emerald-800">
          {saved}
        </p>
      )}
      {result && (
        <section aria-labelledby="sim-result" className="mt-6">
          <h2 id="sim-result" className="text-lg font-semibold text-slate-900">
            What saving this would change (nothing has been applied)
          </h2>
          <h3 className="mt-4 font-semibold text-slate-900">Projects that change tier</h3>
          {result.projects.length === 0 ? (
            <p className="text-sm text-slate-700">No project changes tier.</p>
          ) : (
            <ul className="list-disc pl-5 text-sm">
              {result.projects.map((p) => (
                <li key={p.project}>
                  {p.project}: {tier(p.from)} → {tier(p.to)}
                  {p.needsAcceptanceAgain && ' (needs accepting again)'}
                  {p.firedRule && ` by rule ${p.firedRule}`}
                </li>
              ))}
            </ul>
          )}
          <h3 className="mt-4 font-semibold text-slate-900">Open promotion requests whose required approvals change</h3>
          {result.promotions.length === 0 ? (
            <p className="text-sm text-slate-700">No open request changes.</p>
          ) : (
            <ul className="list-disc pl-5 text-sm">
              {result.promotions.map((p) => (
                <li key={p.requestId}>
                  {p.project} {p.subject}: {p.approvalsGained.length > 0 && `gains ${p.approvalsGained.join(', ')}`}
                  {p.approvalsLost.length > 0 && ` loses ${p.approvalsLost.join(', ')}`}
                  {p.raiSectionsGained.length > 0 && `; RAI sections required: ${p.raiSectionsGained.join(', ')}`}
                  {p.raiSectionsLost.length > 0 && `; RAI sections no longer required: ${p.raiSectionsLost.join(', ')}`}
                  {p.stepUpRequiredAfter !== null && `; step-up ${p.stepUpRequiredAfter ? 'required' : 'no longer required'}`}
                  {p.status !== p.statusAfter && `; ${p.status.toLowerCase()} → ${p.statusAfter.toLowerCase()}`}
                </li>
              ))}
            </ul>
          )}
          <h3 className="mt-4 font-semibold text-slate-900">Just-in-time grants and requests affected</h3>
          {result.grants.length === 0 ? (
            <p className="text-sm text-slate-700">No grant becomes ineligible.</p>
          ) : (
            <ul className="list-disc pl-5 text-sm">
              {result.grants.map((g) => (
                <li key={g.requestId}>
                  {g.holder} on {g.project} {g.environment.toLowerCase()} ({g.rule}){g.ineligible ? ' would become ineligible' : ''}:{' '}
                  {g.reasons.join('; ')}
                </li>
              ))}
            </ul>
          )}
          <form
            className="mt-6"
            onSubmit={(e) => {
              e.preventDefault();
              start(async () => {
                const parsed = parse();
                if (!parsed.ok || simulated !== text) return setError('Simulate the policy as it is now before saving it.');
                const r = await saveRiskPolicyAction({ policy: parsed.value as never, note, baseVersion });
                if (!r.ok) setError(r.message);
                else {
                  setError(null);
                  setResult(null);
                  setSaved(`Saved as risk policy v${r.data.version}; ${r.data.reclassified.length} project(s) re-classified.`);
                  router.refresh();
                }
              });
            }}
          >
            <Field label="Why the policy changes (required to save)">
              <Input maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
            </Field>
            <Button type="submit" variant="secondary" className="mt-3" disabled={pending || !note.trim()}>
              Save as version {baseVersion + 1}
            </Button>
          </form>
        </section>
      )}
    </div>
  );
}
