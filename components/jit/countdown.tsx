'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useSyncExternalStore } from 'react';

function left(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

function subscribeToSeconds(onTick: () => void) {
  const t = setInterval(onTick, 1000);
  return () => clearInterval(t);
}

const currentSecond = () => Math.floor(Date.now() / 1000) * 1000;

/**
 * Time left until `until`, ticking every second. Screen readers get the remaining time as text
 * when they reach it, not every tick (a timer is not a live region). At zero the page is
 * refreshed, so the server's view (the grant has ended) replaces it.
 */
export function Countdown({ until }: { until: string }) {
  const router = useRouter();
  const end = new Date(until).getTime();
  // The server renders the end time; the browser ticks once a second.
  const now = useSyncExternalStore(subscribeToSeconds, currentSecond, () => null);
  const refreshed = useRef(false);
  useEffect(() => {
    if (now !== null && now >= end && !refreshed.current) {
      refreshed.current = true;
      router.refresh();
    }
  }, [now, end, router]);
  if (now === null) return <span className="text-slate-600 tabular-nums">until {new Date(until).toISOString().slice(11, 16)} UTC</span>;
  const ms = end - now;
  return (
    <span role="timer" className="font-mono font-semibold text-slate-900 tabular-nums">
      {ms > 0 ? (
        <>
          {left(ms)}
          <span className="sr-only"> left</span>
        </>
      ) : (
        'ended'
      )}
    </span>
  );
}
