import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callServerName, checkServerUrl, ServerUnreachableError } from '../../main/client/server-client.js';
import { RefusedError } from '../../main/core/errors.js';

/** A stand-in for the server (or a proxy in front of it) that answers `/api/<status>` with that status and body. */
let server: Server;
let base: string;
const seen: { headers: Record<string, unknown>; body: string }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      const status = Number(req.url!.slice('/api/'.length));
      const answers: Record<number, string> = {
        200: '{"result":{"fine":true}}',
        403: '{"error":{"code":"forbidden","message":"needs admin"}}',
        500: '{"error":{"code":"internal","message":"something went wrong"}}',
        502: '<html>bad gateway</html>',
        503: '<html>no backend</html>',
        418: 'not json',
      };
      res.writeHead(status, { 'content-type': status === 200 || status === 403 || status === 500 ? 'application/json' : 'text/html' });
      res.end(answers[status]);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

describe('the team server client: what each answer becomes', () => {
  it('sends JSON with the bearer token and the client clock, and returns the result', async () => {
    expect(await callServerName({ url: base, token: 'brt_t', now: '2026-01-01T00:00:00.000Z' }, '200', { a: 1 })).toEqual({ fine: true });
    expect(seen.at(-1)).toMatchObject({
      headers: { authorization: 'Bearer brt_t', 'content-type': 'application/json', 'x-burnrate-now': '2026-01-01T00:00:00.000Z' },
      body: '{"a":1}',
    });
  });

  it('a refusal (4xx with an error body) is a RefusedError with the server’s code and message', async () => {
    const err = await callServerName({ url: base, token: 't' }, '403', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect(err).toMatchObject({ code: 'forbidden', message: 'needs admin' });
  });

  it.each(['502', '503'])('a proxy answering %s (no server behind it) is unreachable: nothing changed', async (status) => {
    await expect(callServerName({ url: base, token: 't' }, status, {})).rejects.toBeInstanceOf(ServerUnreachableError);
  });

  it.each(['500', '418'])('a fault of the server (%s) is a plain error (exit 1)', async (status) => {
    const err = await callServerName({ url: base, token: 't' }, status, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(RefusedError);
    expect(err).not.toBeInstanceOf(ServerUnreachableError);
  });

  it('a name that does not resolve is unreachable', async () => {
    await expect(callServerName({ url: 'http://burnrate-no-such-host.invalid', token: 't' }, 'whoami', {})).rejects.toBeInstanceOf(ServerUnreachableError);
  });

  it.each([
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['https://burnrate.example.com/', 'https://burnrate.example.com'],
    ['https://example.com/burnrate/', 'https://example.com/burnrate'],
  ])('checkServerUrl(%s) is %s', (text, url) => {
    expect(checkServerUrl(text)).toBe(url);
  });

  it.each(['', 'localhost:8787', 'ftp://x', 'http://u:p@x', 'http://x/?a=1', 'http://x/#f', 'file:///etc/passwd'])('checkServerUrl(%j) is refused', (text) => {
    expect(() => checkServerUrl(text)).toThrow(RefusedError);
  });
});
