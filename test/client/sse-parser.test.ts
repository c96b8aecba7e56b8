import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SseEvent, SseParser } from '../../main/client/sse-parser.js';
import { seeded } from '../support/property-seed.js';

/** Parses `body` fed in the given pieces; the events and comments it gave. */
function parse(pieces: (string | Uint8Array)[]): { events: SseEvent[]; comments: string[] } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const p = new SseParser(
    (e) => events.push(e),
    (c) => comments.push(c),
  );
  for (const piece of pieces) p.push(typeof piece === 'string' ? new TextEncoder().encode(piece) : piece);
  p.end();
  return { events, comments };
}

const changed = (seq: number): SseEvent => ({ event: 'changed', id: String(seq), data: `{"seq":${seq}}` });

describe('SseParser: the event stream format (WHATWG HTML 9.2.6)', () => {
  it.each([
    ['the server’s changed event', 'event: changed\nid: 7\ndata: {"seq":7}\n\n', [changed(7)], []],
    ['a keep-alive comment', ': keep-alive\n\n', [], ['keep-alive']],
    ['CRLF line ends', 'event: changed\r\nid: 7\r\ndata: {"seq":7}\r\n\r\n', [changed(7)], []],
    ['CR line ends', 'event: changed\rid: 7\rdata: {"seq":7}\r\r', [changed(7)], []],
    ['no space after the colon', 'event:changed\nid:7\ndata:{"seq":7}\n\n', [changed(7)], []],
    ['only one leading space removed', 'data:  x\n\n', [{ event: 'message', id: '', data: ' x' }], []],
    ['several data lines joined with LF', 'data: a\ndata: b\n\n', [{ event: 'message', id: '', data: 'a\nb' }], []],
    ['a field with no colon (empty value)', 'data\n\n', [{ event: 'message', id: '', data: '' }], []],
    ['an event with no data is not dispatched', 'event: changed\nid: 3\n\n', [], []],
    ['an unfinished last event is dropped', 'data: {"seq":1}\n', [], []],
    ['unknown fields and retry are ignored', 'retry: 10\nfoo: bar\ndata: x\n\n', [{ event: 'message', id: '', data: 'x' }], []],
    [
      'an id with NUL is ignored',
      'id: 1\ndata: a\n\nid: 2\u0000\ndata: b\n\n',
      [
        { event: 'message', id: '1', data: 'a' },
        { event: 'message', id: '1', data: 'b' },
      ],
      [],
    ],
    [
      'the event name resets after each event',
      'event: changed\ndata: a\n\ndata: b\n\n',
      [
        { event: 'changed', id: '', data: 'a' },
        { event: 'message', id: '', data: 'b' },
      ],
      [],
    ],
    ['a leading BOM is dropped', '\uFEFFdata: x\n\n', [{ event: 'message', id: '', data: 'x' }], []],
  ])('%s', (_name, body, events, comments) => {
    expect(parse([body])).toEqual({ events, comments });
  });

  it('takes a CRLF split across two chunks as one line end', () => {
    expect(parse(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual({ events: [{ event: 'message', id: '', data: 'a\nb' }], comments: [] });
  });

  it('takes a UTF-8 character split across two chunks whole', () => {
    const bytes = new TextEncoder().encode('data: é€\n\n');
    expect(parse([bytes.slice(0, 7), bytes.slice(7, 9), bytes.slice(9)]).events).toEqual([{ event: 'message', id: '', data: 'é€' }]);
  });

  it('gives the same events and comments however the body is cut into chunks', () => {
    const body = new TextEncoder().encode(
      ': keep-alive\r\n\r\nevent: changed\nid: 1\ndata: {"seq":1}\n\nevent: changed\rid: 2\rdata: {"seq":2}\r\r: keep-alive\n\ndata: é\r\n\r\n',
    );
    const whole = parse([body]);
    expect(whole.events).toHaveLength(3);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: body.length - 1 }), { maxLength: 20 }), (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), body.length];
        const pieces = at.slice(1).map((end, i) => body.slice(at[i], end));
        expect(parse(pieces)).toEqual(whole);
      }),
      seeded({ numRuns: 300 }),
    );
  });
});
