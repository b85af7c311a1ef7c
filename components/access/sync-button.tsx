'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { syncFromAzureAction } from '@/lib/access/actions';

export function SyncFromAzureButton({ project }: { project: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex items-center gap-3">
      <Button
        variant="secondary"
        size="sm"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await syncFromAzureAction(project);
            setMessage(r.ok ? `Read ${r.data.read} Azure role assignments: ${r.data.created} new, ${r.data.ended} gone.` : r.message);
            router.refresh();
          })
        }
      >
        {pending ? 'Reading Azure…' : 'Read from Azure now'}
      </Button>
      {message && (
        <p role="status" className="text-sm text-slate-700">
          {message}
        </p>
      )}
    </div>
  );
}
