'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ZId } from '@/lib/api/zod';
import { requireActor } from '@/lib/auth/session';
import type { TDecideItems, TStartReview } from '@/lib/reviews/schema';
import { applyReview, cancelReview, completeReview } from '@/lib/reviews/close';
import { confirmRemovalTask } from '@/lib/reviews/removals';
import { decideReviewItems } from '@/lib/reviews/decide';
import { startReview } from '@/lib/reviews/start';
import { runAction } from '@/lib/web/action-result';

const refresh = (id: string) => {
  revalidatePath(`/reviews/${id}`);
  revalidatePath('/reviews');
  revalidatePath('/owner');
};

export async function startReviewAction(input: TStartReview) {
  return runAction(
    async () => {
      const actor = await requireActor('/reviews/new');
      const { review, items } = await startReview(actor, input);
      revalidatePath('/reviews');
      return { id: review.id, items };
    },
    { input },
  );
}

export async function decideReviewItemsAction(reviewId: string, input: TDecideItems) {
  return runAction(
    async () => {
      const id = ZId.parse(reviewId);
      const actor = await requireActor(`/reviews/${id}`);
      const r = await decideReviewItems(actor, id, input);
      refresh(id);
      return r;
    },
    { reviewId, input },
  );
}

export async function completeReviewAction(reviewId: string) {
  return runAction(
    async () => {
      const id = ZId.parse(reviewId);
      const actor = await requireActor(`/reviews/${id}`);
      const r = await completeReview(actor, id);
      refresh(id);
      return r;
    },
    { reviewId },
  );
}

export async function applyReviewAction(reviewId: string) {
  return runAction(
    async () => {
      const id = ZId.parse(reviewId);
      const actor = await requireActor(`/reviews/${id}`);
      const r = await applyReview(actor, id);
      refresh(id);
      return r;
    },
    { reviewId },
  );
}

export async function cancelReviewAction(reviewId: string, reason: string) {
  return runAction(
    async () => {
      const id = ZId.parse(reviewId);
      const actor = await requireActor(`/reviews/${id}`);
      await cancelReview(actor, id, z.string().max(2000).parse(reason));
      refresh(id);
      return null;
    },
    { reviewId, reason },
  );
}

export async function confirmRemovalTaskAction(reviewId: string, itemId: string, note: string) {
  return runAction(
    async () => {
      const id = ZId.parse(reviewId);
      const actor = await requireActor(`/reviews/${id}`);
      await confirmRemovalTask(actor, ZId.parse(itemId), z.string().max(2000).parse(note));
      refresh(id);
      return null;
    },
    { reviewId, itemId, note },
  );
}
