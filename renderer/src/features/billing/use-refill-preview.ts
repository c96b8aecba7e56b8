import { useEffect, useState } from 'react';
import { RequestFailed } from '../../api/api-error';
import { request } from '../../api/client';
import type { RefillPreview, RefillPreviewInput } from '../../api/types';

/** The engine's preview of the draft, or why the engine refuses the draft (its words, without the channel name). */
export type PreviewState = { preview: RefillPreview } | { problem: string } | null;

/**
 * Plain words for the auto-refill draft as it is typed — how often it would
 * fire at today's burn and whether the caps keep up — from the engine
 * (`payments/refillPreview`): the renderer does no money arithmetic. Asked a
 * moment after typing stops and again when the snapshot (the burn) changes.
 */
export function useRefillPreview(draft: RefillPreviewInput | null, version: number): PreviewState {
  const [state, setState] = useState<PreviewState>(null);
  const key = JSON.stringify(draft);
  useEffect(() => {
    if (draft === null) {
      setState(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      request('payments/refillPreview', draft, { inline: true })
        .then((preview) => live && setState({ preview }))
        .catch((err: unknown) => live && setState(err instanceof RequestFailed ? { problem: err.message.replace(/^payments\/refillPreview: (\w+: )?/, '') } : null));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // The draft is compared by value (`key`): it is a new object on every render.
  }, [key, version]);
  return state;
}
