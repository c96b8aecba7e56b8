import { describe, expect, it } from 'vitest';
import { parseSse } from '../../renderer/src/api/event-stream';
import { launchCodeOf } from '../../renderer/src/api/web-session';

describe('the page takes its launch code from the fragment only', () => {
  const code = 'a'.repeat(43);
  it.each([
    [`#code=${code}`, code],
    ['#code=abc_-XYZ09', 'abc_-XYZ09'],
    ['', null],
    ['#/billing', null],
    ['#code=', null],
    [`#code=${code}&x=1`, null],
    [`#code=${code}/`, null],
    ['#code=<script>', null],
    [`#code=${'a'.repeat(101)}`, null],
  ])('%j → %j', (hash, expected) => {
    expect(launchCodeOf(hash)).toBe(expected);
  });
});

describe('server-sent events read through fetch (EventSource cannot send the session header)', () => {
  it.each([
    ['one event', 'event: snapshot/changed\ndata: {"a":1}\n\n', [{ event: 'snapshot/changed', data: '{"a":1}' }], ''],
    ['a keepalive comment and the retry line', ': keepalive\n\nretry: 2000\n\n', [], ''],
    ['an unfinished block kept for the next chunk', 'event: x\ndata: 1\n\nevent: y\ndata: 2', [{ event: 'x', data: '1' }], 'event: y\ndata: 2'],
    ['CRLF line ends', 'event: x\r\ndata: 1\r\n\r\n', [{ event: 'x', data: '1' }], ''],
    ['data over two lines', 'event: x\ndata: a\ndata: b\n\n', [{ event: 'x', data: 'a\nb' }], ''],
    ['no event name', 'data: 1\n\n', [{ event: 'message', data: '1' }], ''],
  ])('%s', (_what, text, events, rest) => {
    expect(parseSse(text)).toEqual({ events, rest });
  });
});
