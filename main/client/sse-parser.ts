/** One server-sent event, as the WHATWG "event stream interpretation" dispatches it. */
export interface SseEvent {
  /** The `event:` field, or "message" when there was none. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  /** The last `id:` seen so far on the stream (it persists across events), or "". */
  id: string;
}

/**
 * A streaming parser of `text/event-stream` (HTML Living Standard, 9.2.6):
 * feed it the body as it arrives, in chunks cut anywhere (even inside a
 * UTF-8 sequence or between a CR and its LF); it calls `onEvent` for each
 * event and `onComment` for each comment line (`: keep-alive`). Lines end
 * with CRLF, LF or CR; a leading BOM is dropped; a field's value loses one
 * leading space; an event with no data is not dispatched; an `id` holding
 * NUL is ignored; unknown fields (and `retry`, which this client does not use)
 * are ignored.
 */
export class SseParser {
  /** Drops a leading BOM itself (TextDecoder's default), as the standard asks. */
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  /** A chunk ended with CR: a LF starting the next one belongs to it. */
  private pendingCr = false;
  private data: string[] = [];
  private event = '';
  private lastId = '';

  constructor(
    private readonly onEvent: (e: SseEvent) => void,
    private readonly onComment: (text: string) => void = () => undefined,
  ) {}

  /** Takes the next bytes of the body. */
  push(chunk: Uint8Array): void {
    this.feed(this.decoder.decode(chunk, { stream: true }));
  }

  /** The body ended: an incomplete last event is dropped, as the standard says. */
  end(): void {
    this.feed(this.decoder.decode());
    this.buffer = '';
    this.data = [];
    this.event = '';
  }

  private feed(text: string): void {
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = false;
    this.buffer += text;
    let start = 0;
    const eol = /\r\n|\r|\n/g;
    for (;;) {
      eol.lastIndex = start;
      const hit = eol.exec(this.buffer);
      if (!hit) break;
      // A CR at the very end may be the first half of a CRLF split across chunks.
      if (hit[0] === '\r' && hit.index === this.buffer.length - 1) this.pendingCr = true;
      this.line(this.buffer.slice(start, hit.index));
      start = hit.index + hit[0].length;
    }
    this.buffer = this.buffer.slice(start);
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return this.onComment(line.slice(1).replace(/^ /, ''));
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
  }

  private dispatch(): void {
    const data = this.data;
    const event = this.event;
    this.data = [];
    this.event = '';
    if (data.length === 0) return;
    this.onEvent({ event: event || 'message', data: data.join('\n'), id: this.lastId });
  }
}
