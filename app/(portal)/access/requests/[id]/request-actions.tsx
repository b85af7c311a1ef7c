'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Input, Select, Textarea, fieldErrorsOf, type FieldErrors } from '@/components/ui/field';
import {
  cancelRequestAction,
  completeReviewAction,
  decideRequestAction,
  requestExtensionAction,
  revokeAccessAction,
} from '@/lib/jit/actions';
import { describeDuration } from '@/lib/jit/policy';
import type { ActionResult } from '@/lib/web/action-result';
import { ActivateButton } from '../../activate-button';

type Can = { decide: boolean; activate: boolean; revoke: boolean; extend: boolean; cancel: boolean; review: boolean };

const LABEL = 'mb-1 block text-sm font-normal text-slate-800';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-t border-slate-200 px-5 py-4 first:border-t-0">
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      <div className="mt-2">{children}</div>
    </section>
  );
}

function useRun() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>();
  const run = (fn: () => Promise<ActionResult<unknown>>, success: string, goTo?: (data: unknown) => string) =>
    start(async () => {
      setError(null);
      setDone(null);
      setFieldErrors(undefined);
      const r = await fn();
      if (!r.ok) {
        setFieldErrors(fieldErrorsOf(r));
        return setError(r.message);
      }
      setDone(success);
      if (goTo) router.push(goTo(r.data));
      router.refresh();
    });
  const feedback = (
    <>
      {error && (
        <p role="alert" className="mt-2 text-sm text-rose-700">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="mt-2 text-sm text-emerald-800">
          {done}
        </p>
      )}
    </>
  );
  return { run, pending, feedback, fieldErrors };
}

/** What the signed-in person may do with this request, as the server worked it out. */
export function RequestActions({
  id,
  can,
  maxDurationMinutes,
  ticketRequired,
  activateLabel,
}: {
  id: string;
  can: Can;
  maxDurationMinutes: number;
  ticketRequired: boolean;
  activateLabel: string;
}) {
  const ids = useId();
  const decide = useRun();
  const revoke = useRun();
  const extend = useRun();
  const cancel = useRun();
  const review = useRun();
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const extensionChoices = [30 * 60, 3600, 2 * 3600, 4 * 3600, 8 * 3600].filter((d) => d <= maxDurationMinutes * 60);

  return (
    <div>
      {can.activate && (
        <Section title="Start your access">
          <p className="mb-2 text-sm text-slate-600">The clock starts now. You will be asked to confirm it is you.</p>
          <ActivateButton id={id} label={activateLabel} />
        </Section>
      )}
      {can.decide && (
        <Section title="Your decision">
          <Field
            id={`${ids}-comment`}
            label="Comment (optional on approval) or reason (required to reject)"
            labelClassName={LABEL}
            error={decide.fieldErrors?.comment ?? decide.fieldErrors?.reason}
          >
            <Textarea rows={2} className="max-w-xl" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
          </Field>
          <div className="mt-2 flex gap-2">
            <Button
              disabled={decide.pending}
              onClick={() => decide.run(() => decideRequestAction(id, { decision: 'approve', comment }), 'Approved.')}
            >
              Approve
            </Button>
            <Button
              variant="secondary"
              disabled={decide.pending}
              onClick={() => decide.run(() => decideRequestAction(id, { decision: 'reject', comment: '', reason: comment }), 'Rejected.')}
            >
              Reject
            </Button>
          </div>
          {decide.feedback}
        </Section>
      )}
      {can.extend && (
        <form
          action={(form) =>
            extend.run(
              () =>
                requestExtensionAction(id, {
                  durationSeconds: Number(form.get('duration')),
                  justification: String(form.get('justification') ?? ''),
                  ticket: String(form.get('ticket') ?? ''),
                }),
              'Extension requested. Your access carries on while it is decided.',
            )
          }
        >
          <Section title="Ask for more time">
            <p className="text-sm text-slate-600">A new approval is needed; your access carries on unchanged meanwhile.</p>
            <div className="mt-2 flex flex-wrap gap-4">
              <Field id={`${ids}-ext-duration`} label="More time" labelClassName={LABEL} error={extend.fieldErrors?.durationSeconds}>
                <Select name="duration">
                  {extensionChoices.map((d) => (
                    <option key={d} value={d}>
                      {describeDuration(d)}
                    </option>
                  ))}
                </Select>
              </Field>
              {ticketRequired && (
                <Field
                  id={`${ids}-ext-ticket`}
                  label="Ticket (blank: the same one)"
                  labelClassName={LABEL}
                  error={extend.fieldErrors?.ticket}
                >
                  <Input name="ticket" maxLength={100} />
                </Field>
              )}
            </div>
            <Field
              id={`${ids}-ext-why`}
              label="Why (required)"
              labelClassName={LABEL}
              error={extend.fieldErrors?.justification}
              className="mt-2"
            >
              <Textarea name="justification" rows={2} required minLength={10} className="max-w-xl" />
            </Field>
            <Button type="submit" variant="secondary" className="mt-2" disabled={extend.pending}>
              Ask to extend
            </Button>
            {extend.feedback}
          </Section>
        </form>
      )}
      {can.revoke && (
        <Section title="End this access now">
          <Field id={`${ids}-revoke`} label="Reason (required)" labelClassName={LABEL} error={revoke.fieldErrors?.reason}>
            <Input className="w-full max-w-xl" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
          </Field>
          <Button
            variant="secondary"
            className="mt-2"
            disabled={revoke.pending}
            onClick={() => revoke.run(() => revokeAccessAction(id, reason), 'Access revoked.')}
          >
            Revoke
          </Button>
          {revoke.feedback}
        </Section>
      )}
      {can.cancel && (
        <Section title="Withdraw the request">
          <Button variant="secondary" disabled={cancel.pending} onClick={() => cancel.run(() => cancelRequestAction(id, ''), 'Withdrawn.')}>
            Withdraw
          </Button>
          {cancel.feedback}
        </Section>
      )}
      {can.review && (
        <form
          action={(form) =>
            review.run(
              () =>
                completeReviewAction(id, {
                  outcome: form.get('outcome') === 'not-justified' ? 'not-justified' : 'justified',
                  notes: String(form.get('notes') ?? ''),
                }),
              'Review recorded.',
            )
          }
        >
          <Section title="Review this break-glass activation">
            <fieldset className="text-sm">
              <legend className="text-slate-800">Was it justified?</legend>
              <label className="mr-4 inline-flex items-center gap-1.5">
                <input type="radio" name="outcome" value="justified" defaultChecked /> Justified
              </label>
              <label className="inline-flex items-center gap-1.5">
                <input type="radio" name="outcome" value="not-justified" /> Not justified (ends the access if still active)
              </label>
            </fieldset>
            <Field
              id={`${ids}-notes`}
              label="What you found (required)"
              labelClassName={LABEL}
              error={review.fieldErrors?.notes}
              className="mt-2"
            >
              <Textarea name="notes" rows={3} required minLength={10} className="max-w-xl" />
            </Field>
            <Button type="submit" className="mt-2" disabled={review.pending}>
              Record review
            </Button>
            {review.feedback}
          </Section>
        </form>
      )}
    </div>
  );
}
