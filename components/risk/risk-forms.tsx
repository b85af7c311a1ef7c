'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input, Select, Textarea } from '@/components/ui/field';
import { acceptClassificationAction, submitClassificationAction } from '@/lib/risk/actions';
import {
  ANNEX_III_AREAS,
  ANNEX_III_LABEL,
  ART_6_3_CONDITIONS,
  ART_6_3_LABEL,
  AUTONOMY_LABEL,
  AUTONOMY_LEVELS,
  DATA_CLASSIFICATIONS,
  PROHIBITED_PRACTICES,
} from '@/lib/risk/questionnaire';
import type { TRiskAnswers } from '@/lib/risk/schema';

const EMPTY: TRiskAnswers = {
  intendedPurpose: '',
  affectedPeople: '',
  affectsNaturalPersons: false,
  profilesNaturalPersons: false,
  dataClassification: 'GENERAL',
  autonomy: 'HUMAN_IN_THE_LOOP',
  annexIIIArea: 'NONE',
  art63Condition: null,
  art63Reasoning: '',
  transparencyObligation: false,
  prohibited: {},
};

function YesNo({ legend, value, onChange, name }: { legend: string; value: boolean; onChange: (v: boolean) => void; name: string }) {
  return (
    <fieldset className="mt-4">
      <legend className="mb-1 text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex gap-4 text-sm">
        {[true, false].map((v) => (
          <label key={String(v)} className="inline-flex items-center gap-1.5">
            <input type="radio" name={name} checked={value === v} onChange={() => onChange(v)} />
            {v ? 'Yes' : 'No'}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The risk questionnaire: submitting makes a new version whose tier the risk policy computes. */
export function RiskQuestionnaire({
  project,
  baseVersion,
  initial,
}: {
  project: string;
  baseVersion: number;
  initial: TRiskAnswers | null;
}) {
  const router = useRouter();
  const [a, setA] = useState<TRiskAnswers>(initial ?? EMPTY);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, start] = useTransition();
  const set = <K extends keyof TRiskAnswers>(k: K, v: TRiskAnswers[K]) => setA((x) => ({ ...x, [k]: v }));
  const err = (k: string) => fieldErrors[`answers.${k}`];
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await submitClassificationAction(project, { answers: a, note, baseVersion });
          if (!r.ok) {
            setError(r.message);
            setFieldErrors(r.fieldErrors ?? {});
          } else {
            setError(null);
            setFieldErrors({});
            router.refresh();
          }
        });
      }}
    >
      <Field label="Intended purpose" error={err('intendedPurpose')}>
        <Textarea rows={3} maxLength={4000} value={a.intendedPurpose} onChange={(e) => set('intendedPurpose', e.target.value)} />
      </Field>
      <Field label="Affected people" className="mt-4" error={err('affectedPeople')}>
        <Textarea rows={2} maxLength={2000} value={a.affectedPeople} onChange={(e) => set('affectedPeople', e.target.value)} />
      </Field>
      <YesNo
        name="natural"
        legend="Do its outputs affect natural persons?"
        value={a.affectsNaturalPersons}
        onChange={(v) => set('affectsNaturalPersons', v)}
      />
      <YesNo
        name="profiles"
        legend="Does it profile natural persons?"
        value={a.profilesNaturalPersons}
        onChange={(v) => set('profilesNaturalPersons', v)}
      />
      <YesNo
        name="transparency"
        legend="Does it interact with people or generate synthetic content (Art 50)?"
        value={a.transparencyObligation}
        onChange={(v) => set('transparencyObligation', v)}
      />
      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        <Field label="Data classification">
          <Select
            value={a.dataClassification}
            onChange={(e) => set('dataClassification', e.target.value as TRiskAnswers['dataClassification'])}
          >
            {DATA_CLASSIFICATIONS.map((d) => (
              <option key={d} value={d}>
                {d.replace('_', ' ').toLowerCase()}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Degree of autonomy">
          <Select value={a.autonomy} onChange={(e) => set('autonomy', e.target.value as TRiskAnswers['autonomy'])}>
            {AUTONOMY_LEVELS.map((d) => (
              <option key={d} value={d}>
                {AUTONOMY_LABEL[d]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label="EU AI Act Annex III area" className="mt-4">
        <Select
          value={a.annexIIIArea}
          onChange={(e) => {
            const area = e.target.value as TRiskAnswers['annexIIIArea'];
            setA((x) => ({ ...x, annexIIIArea: area, ...(area === 'NONE' ? { art63Condition: null, art63Reasoning: '' } : {}) }));
          }}
        >
          {ANNEX_III_AREAS.map((d) => (
            <option key={d} value={d}>
              {ANNEX_III_LABEL[d]}
            </option>
          ))}
        </Select>
      </Field>
      {a.annexIIIArea !== 'NONE' && (
        <div className="mt-4 grid gap-4">
          <Field label="Art 6(3) condition for “not high-risk” (none: high-risk)" error={err('art63Condition')}>
            <Select
              value={a.art63Condition ?? ''}
              onChange={(e) => set('art63Condition', (e.target.value || null) as TRiskAnswers['art63Condition'])}
            >
              <option value="">None applies</option>
              {ART_6_3_CONDITIONS.map((c) => (
                <option key={c} value={c}>
                  {ART_6_3_LABEL[c]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Art 6(3) reasoning" error={err('art63Reasoning')}>
            <Textarea rows={3} maxLength={4000} value={a.art63Reasoning} onChange={(e) => set('art63Reasoning', e.target.value)} />
          </Field>
        </div>
      )}
      <fieldset className="mt-6">
        <legend className="text-sm font-semibold text-slate-900">
          Prohibited practices (EU AI Act Art 5): any yes stops acceptance and promotions
        </legend>
        <ul className="mt-2 space-y-1 text-sm">
          {PROHIBITED_PRACTICES.map((p) => (
            <li key={p.key}>
              <label className="inline-flex items-start gap-2">
                <input
                  type="checkbox"
                  className="mt-1"
                  checked={a.prohibited[p.key] === true}
                  onChange={(e) => setA((x) => ({ ...x, prohibited: { ...x.prohibited, [p.key]: e.target.checked } }))}
                />
                {p.label}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <Field label="Note on this version (optional)" className="mt-4">
        <Input maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <Button type="submit" className="mt-4" disabled={pending}>
        {pending ? 'Submitting…' : 'Submit classification'}
      </Button>
      <FormError message={error} className="mt-3" />
    </form>
  );
}

export function AcceptClassificationForm({ project, version, roleLabel }: { project: string; version: number; roleLabel: string }) {
  const router = useRouter();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await acceptClassificationAction(project, { version, comment });
          if (!r.ok) setError(r.message);
          else {
            setError(null);
            router.refresh();
          }
        });
      }}
    >
      <Field label="Comment (optional)">
        <Textarea rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <Button type="submit" className="mt-3" disabled={pending}>
        {pending ? 'Accepting…' : `Accept classification v${version} as ${roleLabel.toLowerCase()}`}
      </Button>
      <FormError message={error} className="mt-3" />
    </form>
  );
}
