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
 * every render. An answer is returned only for the input it was asked for:
 * while a new input waits for its answer the result is null, so a stale
 * answer (the tier that fitted 7B while 70B is typed) is never acted on.
 */
export function useInlineRequest<C extends Channel>(channel: C, input: ChannelInput<C> | null, delayMs: number, version = 0): InlineAnswer<ChannelOutput<C>> {
  const [answered, setAnswered] = useState<{ key: string; answer: InlineAnswer<ChannelOutput<C>> } | null>(null);
  const key = JSON.stringify(input);
  useEffect(() => {
    if (input === null) return;
    let live = true;
    const t = setTimeout(() => {
      request(channel, input, { inline: true })
        .then((result) => live && setAnswered({ key, answer: { result } }))
        .catch((err: unknown) => live && setAnswered({ key, answer: err instanceof RequestFailed ? { problem: err.reason } : null }));
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // `key` stands for `input` (by value).
  }, [channel, key, delayMs, version]);
  return input !== null && answered?.key === key ? answered.answer : null;
}
