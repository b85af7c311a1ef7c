'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, useTransition } from 'react';
import { isFinished, useSyncRun } from '@/components/azure/use-sync-run';
import { QueryProvider } from '@/components/providers';
import { Button } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';
import { requestSyncAction } from '@/lib/azure/actions';
import { announcementOf, countsSummary, phaseLabel } from '@/components/azure/sync-run-text';

const LOG_LINES = 12;

function SyncLog({ lines, label }: { lines: string[]; label: string }) {
  const recent = lines.slice(-LOG_LINES);
  if (recent.length === 0) return null;
  return (
    <ol aria-label={label} className="mt-3 rounded-md bg-slate-900 px-3 py-2 font-mono text-[11px] leading-relaxed text-slate-100">
      {recent.map((line, i) => {
        const space = line.indexOf(' ');
        const at = space > 0 ? line.slice(0, space) : '';
        const text = space > 0 ? line.slice(space + 1) : line;
        const time = /^\d{4}-\d\d-\d\dT(\d\d:\d\d:\d\d)/.exec(at)?.[1];
        return (
          <li key={`${i}-${line}`} className="[overflow-wrap:anywhere]">
            {time && (
              <time dateTime={at} className="mr-2 text-slate-400">
                {time}
              </time>
            )}
            {time ? text : line}
          </li>
        );
      })}
    </ol>
  );
}

/** The live view of one run: bar, phase, counts and log, polled until it finishes. */
function LiveRun({ runId, workspaceName, onFinished }: { runId: string; workspaceName: string; onFinished: () => void }) {
  const { data: run, error } = useSyncRun(runId);
  const finished = isFinished(run);
  const notified = useRef(false);
  useEffect(() => {
    if (finished && !notified.current) {
      notified.current = true;
      onFinished();
    }
  }, [finished, onFinished]);

  const label = `Sync of ${workspaceName}`;
  if (error && !run) {
    return (
      <p role="alert" className="mt-3 text-sm text-rose-700">
        Could not read the progress of the sync: {error.message}
      </p>
    );
  }
  const percent = run?.progress ?? 0;
  const phase = run ? phaseLabel(run) : 'waiting for a worker';
  const summary = run ? countsSummary(run.counts) : null;
  return (
    <div className="mt-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200 ring-inset">
      <div className="mb-1.5 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium text-slate-900">
          {run?.status === 'SUCCEEDED' ? 'Sync finished' : run?.status === 'FAILED' ? 'Sync failed' : 'Syncing'}
          {!finished && <span className="font-normal text-slate-600"> · {phase}</span>}
        </span>
        <span className="text-slate-700 tabular-nums">{percent}%</span>
      </div>
      <ProgressBar
        value={percent}
        valueText={`${percent}%, ${phase}`}
        label={label}
        tone={run?.status === 'FAILED' ? 'rose' : run?.status === 'SUCCEEDED' ? 'emerald' : 'brand'}
      />
      {summary && finished && <p className="mt-2 text-sm text-slate-700">{summary}</p>}
      {run?.status === 'FAILED' && run.error && <p className="mt-2 text-sm text-rose-700">{run.error}</p>}
      {run && <SyncLog lines={run.log} label={`Recent log of the sync of ${workspaceName}`} />}
    </div>
  );
}

/** The log of the last finished sync, read only when opened. */
function LastRunLog({ runId, workspaceName }: { runId: string; workspaceName: string }) {
  const [open, setOpen] = useState(false);
  const { data: run, error, isPending } = useSyncRun(runId, { enabled: open });
  return (
    <details className="mt-3 text-sm" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer rounded text-brand-700 hover:underline">Log of the last sync</summary>
      {open &&
        (error ? (
          <p className="mt-2 text-rose-700">Could not read the log: {error.message}</p>
        ) : isPending || !run ? (
          <p className="mt-2 text-slate-600">Loading…</p>
        ) : (
          <SyncLog lines={run.log} label={`Log of the last sync of ${workspaceName}`} />
        ))}
    </details>
  );
}

type Props = {
  connectionId: string;
  workspaceName: string;
  linked: boolean;
  canSync: boolean;
  activeRunId: string | null;
  lastRunId: string | null;
};

/**
 * "Sync now" and the progress of the connection's running sync. A run the page was rendered with,
 * or one started here, is followed until it finishes; then the server data is refreshed so the
 * last result and the inventory counts are current.
 */
export function SyncPanel(props: Props) {
  return (
    <QueryProvider>
      <SyncPanelBody {...props} />
    </QueryProvider>
  );
}

function SyncPanelBody({ connectionId, workspaceName, linked, canSync, activeRunId, lastRunId }: Props) {
  const router = useRouter();
  const [watched, setWatched] = useState<string | null>(activeRunId);
  const [seenActive, setSeenActive] = useState(activeRunId);
  const [message, setMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const [pending, start] = useTransition();
  const messageId = useId();
  // A refresh may bring a run started elsewhere (another tab, the schedule): follow it too.
  if (activeRunId !== seenActive) {
    setSeenActive(activeRunId);
    if (activeRunId) setWatched(activeRunId);
  }
  const { data: watchedRun } = useSyncRun(watched);
  const running = watched !== null && !isFinished(watchedRun);

  function syncNow() {
    start(async () => {
      setMessage(null);
      const r = await requestSyncAction(connectionId);
      if (!r.ok) {
        setMessage({ tone: 'error', text: r.message });
        return;
      }
      setWatched(r.data.syncRunId);
      if (r.data.alreadyRunning)
        setMessage({ tone: 'info', text: 'A sync of this workspace was already under way; showing its progress.' });
    });
  }

  const showButton = canSync && linked;
  return (
    <div className={showButton || watched || lastRunId ? 'mt-3 border-t border-slate-200 pt-3' : undefined}>
      {showButton && (
        <div className="flex flex-wrap items-center gap-3">
          <Button
            size="sm"
            variant="secondary"
            onClick={syncNow}
            disabled={pending || running}
            aria-describedby={message ? messageId : undefined}
          >
            {running ? 'Syncing…' : 'Sync now'}
            <span className="sr-only"> {workspaceName}</span>
          </Button>
          <span id={messageId} role="status" className={message?.tone === 'error' ? 'text-sm text-rose-700' : 'text-sm text-slate-600'}>
            {message?.text}
          </span>
        </div>
      )}
      {watched ? (
        <LiveRun key={watched} runId={watched} workspaceName={workspaceName} onFinished={() => router.refresh()} />
      ) : (
        lastRunId && <LastRunLog runId={lastRunId} workspaceName={workspaceName} />
      )}
      <p aria-live="polite" className="sr-only">
        {watched ? announcementOf(watchedRun, workspaceName) : ''}
      </p>
    </div>
  );
}
