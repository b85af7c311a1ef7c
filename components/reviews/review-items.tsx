'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { DriftBadge } from '@/components/access/drift-badge';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { AlertIcon } from '@/components/ui/icons';
import type { DriftKind } from '@/lib/access/drift';
import { confirmRemovalTaskAction, decideReviewItemsAction } from '@/lib/reviews/actions';
import type { TReviewItem } from '@/lib/reviews/queries';

const REMOVAL: Record<string, { label: string; tone: 'neutral' | 'amber' | 'emerald' | 'rose' }> = {
  PENDING: { label: 'Removal pending', tone: 'amber' },
  RETRYING: { label: 'Removal retrying', tone: 'amber' },
  CONFIRMED: { label: 'Removed', tone: 'emerald' },
  TASK: { label: 'Removal task', tone: 'rose' },
};

function ConfirmTask({ reviewId, itemId }: { reviewId: string; itemId: string }) {
  const router = useRouter();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <form
      className="mt-2 flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await confirmRemovalTaskAction(reviewId, itemId, note);
          if (!r.ok) setError(r.message);
          else router.refresh();
        });
      }}
    >
      <Field label="Removed by hand: reference" labelClassName="mb-0.5 block text-xs text-slate-700">
        <Input size="sm" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} className="block w-48" />
      </Field>
      <Button size="sm" variant="secondary" type="submit" disabled={pending}>
        Confirm removal
      </Button>
      {error && (
        <span role="alert" className="text-xs text-rose-800">
          {error}
        </span>
      )}
    </form>
  );
}

/**
 * The items of a review. Reviewers tick one or more, choose approve or revoke and give one
 * justification; the server refuses an empty justification, a closed review and self-review.
 */
export function ReviewItems({
  reviewId,
  items,
  canDecide,
  canConfirmTasks,
  actorId,
}: {
  reviewId: string;
  items: TReviewItem[];
  canDecide: boolean;
  canConfirmTasks: boolean;
  actorId: string;
}) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [justification, setJustification] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const decide = (decision: 'APPROVE' | 'REVOKE') =>
    start(async () => {
      const r = await decideReviewItemsAction(reviewId, { itemIds: [...selected], decision, justification });
      if (!r.ok) {
        setError(r.message);
        setStatus(null);
      } else {
        setError(null);
        setStatus(`${r.data.decided} assignment${r.data.decided === 1 ? '' : 's'} ${decision === 'APPROVE' ? 'approved' : 'revoked'}.`);
        setSelected(new Set());
        setJustification('');
        router.refresh();
      }
    });

  return (
    <>
      {canDecide && (
        <div className="border-b border-slate-200 bg-slate-50/60 px-5 py-4">
          <div className="flex flex-wrap items-end gap-3">
            <Field
              id="justification"
              label={`Justification for the ${selected.size === 0 ? 'chosen' : selected.size} assignment${selected.size === 1 ? '' : 's'}`}
              className="min-w-72 flex-1"
            >
              <Input value={justification} onChange={(e) => setJustification(e.target.value)} maxLength={2000} className="w-full" />
            </Field>
            <Button disabled={pending || selected.size === 0} onClick={() => decide('APPROVE')}>
              Approve
            </Button>
            <Button
              variant="secondary"
              className="text-rose-800 ring-rose-300"
              disabled={pending || selected.size === 0}
              onClick={() => decide('REVOKE')}
            >
              Revoke
            </Button>
            <Button
              variant="ghost"
              size="sm"
              onClick={() => setSelected(new Set(items.filter((i) => i.subjectUserId !== actorId).map((i) => i.id)))}
            >
              Select all on this page
            </Button>
            <Button
              variant="ghost"
              size="sm"
              onClick={() => setSelected(new Set(items.filter((i) => i.recommendation && i.subjectUserId !== actorId).map((i) => i.id)))}
            >
              Select recommended
            </Button>
          </div>
          {error && (
            <p role="alert" className="mt-3 flex gap-2 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-900">
              <AlertIcon className="mt-0.5 size-4 shrink-0" />
              {error}
            </p>
          )}
          {status && (
            <p role="status" className="mt-3 text-sm text-emerald-800">
              {status}
            </p>
          )}
        </div>
      )}
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Assignments under review (scrolls sideways)">
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">Assignments under review</caption>
          <thead className="border-b border-slate-200 bg-slate-50/80">
            <tr>
              {canDecide && (
                <th scope="col" className="w-10 px-4 py-2.5">
                  <span className="sr-only">Choose</span>
                </th>
              )}
              {['Holder', 'Access', 'Recommendation', 'Decision'].map((h) => (
                <th key={h} scope="col" className="px-4 py-2.5 text-xs font-semibold tracking-wide text-slate-600 uppercase">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((i) => {
              const own = i.subjectUserId === actorId;
              const s = i.snapshot;
              return (
                <tr key={i.id} className="align-top">
                  {canDecide && (
                    <td className="px-4 py-3">
                      <input
                        type="checkbox"
                        aria-label={`Choose ${i.principalLabel}: ${i.roleName} on ${s.resourceType.name} in ${s.environment.name}`}
                        checked={selected.has(i.id)}
                        disabled={own}
                        onChange={() => toggle(i.id)}
                      />
                    </td>
                  )}
                  <td className="px-4 py-3">
                    <span className="font-medium text-slate-900">{i.principalLabel}</span>
                    {s.principal.detail && <span className="block text-xs text-slate-600">{s.principal.detail}</span>}
                    {s.viaGroup && <span className="block text-xs text-slate-600">through {s.viaGroup}</span>}
                    {own && <span className="block text-xs text-amber-900">Your own access: the fallback reviewer decides</span>}
                  </td>
                  <td className="px-4 py-3">
                    {i.roleName} on {s.resourceType.name}
                    <span className="block text-xs text-slate-600">
                      {s.environment.name}
                      {s.project ? ` · ${s.project}` : ''} · {s.personas.length ? s.personas.join(', ') : 'no persona'}
                    </span>
                    {s.findings.length > 0 && (
                      <span className="mt-1 flex flex-wrap gap-1">
                        {s.findings.map((f) => (
                          <DriftBadge key={f.kind} kind={f.kind as DriftKind} />
                        ))}
                      </span>
                    )}
                  </td>
                  <td className="px-4 py-3">
                    {i.recommendationLabel ? (
                      <Badge tone="amber">{i.recommendationLabel}</Badge>
                    ) : (
                      <span className="text-slate-600">None</span>
                    )}
                  </td>
                  <td className="min-w-64 px-4 py-3">
                    {i.decision ? (
                      <>
                        <Badge tone={i.decision === 'APPROVE' ? 'emerald' : 'rose'}>
                          {i.decision === 'APPROVE' ? 'Approved' : 'Revoked'}
                        </Badge>
                        <span className="mt-0.5 block text-xs text-slate-700">
                          {i.decidedBy === 'default' ? 'By default at the due date' : `By ${i.decidedByLabel}`}: {i.justification}
                        </span>
                      </>
                    ) : (
                      <span className="text-slate-600">Not decided</span>
                    )}
                    {i.removalStatus !== 'NOT_REQUIRED' && (
                      <span className="mt-1 block">
                        <Badge tone={REMOVAL[i.removalStatus]!.tone}>{REMOVAL[i.removalStatus]!.label}</Badge>
                        {i.removalTask && i.removalStatus === 'TASK' && (
                          <span className="mt-0.5 block text-xs text-slate-700">{i.removalTask}</span>
                        )}
                        {i.removalLastError && i.removalStatus === 'RETRYING' && (
                          <span className="mt-0.5 block text-xs text-slate-700">
                            Attempt {i.removalAttempts}: {i.removalLastError}
                          </span>
                        )}
                        {i.removalStatus === 'TASK' && canConfirmTasks && <ConfirmTask reviewId={reviewId} itemId={i.id} />}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
