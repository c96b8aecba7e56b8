import http from 'node:http';
import { type SseEvent, SseParser } from '../../main/client/sse-parser.js';

/** An open `GET /api/events` as a test sees it. */
export interface OpenStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Every event so far, in order. */
  events: SseEvent[];
  /** Every comment line so far (`keep-alive`). */
  comments: string[];
  /** Resolves when the server ends the stream (or the connection breaks). */
  ended: Promise<void>;
  /** Waits (no deadline of its own: the test's timeout catches a hang) for an event after the first `from` that holds. */
  waitFor(check: (e: SseEvent) => boolean, from?: number): Promise<SseEvent>;
  /** Waits until `n` comments have come. */
  waitForComments(n: number): Promise<void>;
  /** The seqs of the `changed` events so far. */
  seqs(): number[];
  close(): void;
}

/** Opens the server's event stream with a token (a 200 only; anything else throws with its body). */
export async function openEventStream(baseUrl: string, token: string): Promise<OpenStream> {
  // node:http without an agent, not fetch: an aborted fetch leaves its pool opening a spare connection, which
  // a closing server then waits out.
  const req = http.get(`${baseUrl}/api/events`, { agent: false, headers: { authorization: `Bearer ${token}` } });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => req.once('response', resolve).once('error', reject));
  if (res.statusCode !== 200) {
    let text = '';
    for await (const c of res) text += String(c);
    throw new Error(`GET /api/events: ${res.statusCode} ${text}`);
  }
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiting: (() => void)[] = [];
  const changed = () => {
    for (const w of waiting.splice(0)) w();
  };
  const parser = new SseParser(
    (e) => {
      events.push(e);
      changed();
    },
    (c) => {
      comments.push(c);
      changed();
    },
  );
  let done = false;
  const ended = (async () => {
    try {
      for await (const chunk of res) parser.push(chunk as Buffer);
      parser.end();
    } catch {
      // cut off (close(), or the server's connection dropped)
    }
    done = true;
    changed();
  })();
  const until = async (check: () => boolean, what: string) => {
    while (!check()) {
      if (done) throw new Error(`the stream ended before ${what}`);
      await new Promise<void>((r) => waiting.push(r));
    }
  };
  return {
    status: res.statusCode!,
    headers: res.headers,
    events,
    comments,
    ended,
    async waitFor(check, from = 0) {
      let found: SseEvent | undefined;
      await until(() => (found = events.slice(from).find(check)) !== undefined, 'the awaited event');
      return found!;
    },
    waitForComments: (n) => until(() => comments.length >= n, `${n} comments`),
    seqs: () => events.filter((e) => e.event === 'changed').map((e) => (JSON.parse(e.data) as { seq: number }).seq),
    close: () => req.destroy(),
  };
}
