import { useEffect, useState } from 'react';
import { RequestFailed } from './api-error';
import { request } from './client';
import type { Channel, ChannelInput, ChannelOutput } from './types';

/** A debounced inline answer: the channel's result, the engine's refusal in its words, or null (nothing asked, or no answer). */
type InlineAnswer<T> = { result: T } | { problem: string } | null;

/**
 * Asks `channel` about what is being typed (`input`) a moment (`delayMs`)
 * after it stops changing, and again when `version` changes (e.g. the
 * snapshot the answer depends on). A refusal is the caller's to show inline,
 * so it is not toasted; unexpected failures toast as always. `input` null
 * asks nothing. The input is compared by value: callers build a new object on
 * every render.
 */
export function useInlineRequest<C extends Channel>(channel: C, input: ChannelInput<C> | null, delayMs: number, version = 0): InlineAnswer<ChannelOutput<C>> {
  const [answer, setAnswer] = useState<InlineAnswer<ChannelOutput<C>>>(null);
  const key = JSON.stringify(input);
  useEffect(() => {
    if (input === null) {
      setAnswer(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      request(channel, input, { inline: true })
        .then((result) => live && setAnswer({ result }))
        .catch((err: unknown) => live && setAnswer(err instanceof RequestFailed ? { problem: err.reason } : null));
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // `key` stands for `input` (by value).
  }, [channel, key, delayMs, version]);
  return answer;
}
