'use client';

import { useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { markAllNotificationsReadAction, markNotificationReadAction } from '@/lib/notifications/actions';

export function MarkRead({ id }: { id?: string }) {
  const [pending, start] = useTransition();
  return (
    <Button
      size="sm"
      variant="ghost"
      disabled={pending}
      onClick={() => start(async () => void (id ? await markNotificationReadAction(id) : await markAllNotificationsReadAction()))}
    >
      {id ? 'Mark read' : 'Mark all read'}
    </Button>
  );
}
