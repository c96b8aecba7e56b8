import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerUnreachableError } from '../../../main/client/server-client.js';
import { RefusedError } from '../../../main/core/errors.js';
import { DoorFault } from '../../../main/host/door/door.js';
import { remoteDoor } from '../../../main/host/door/remote-door.js';
import type { CliRuntime } from '../../../main/host/cli/cli-context.js';
import { EXIT, reportFailure } from '../../../main/host/cli/run-command.js';

/** What the stand-in answers for each route name: an HTTP status and a raw body. */
const ANSWERS: Record<string, [number, string]> = {
  ok: [200, '{"result":{"id":7,"name":"chat"}}'],
  refused: [422, '{"error":{"code":"insufficient_credits","message":"not enough credits","data":{"needed":120,"balance":20}}}'],
  invalid: [400, '{"error":{"code":"invalid_input","message":"deployments/start: id: expected a number"}}'],
  unauthorized: [401, '{"error":{"code":"unauthorized","message":"unknown or revoked token: ask an admin of your org for a new one"}}'],
  forbidden: [403, '{"error":{"code":"forbidden","message":"deployments/start needs the lead role; this token is a viewer\'s (v@acme.test)"}}'],
  notServed: [501, '{"error":{"code":"not_available","message":"deployments/start is not served by this server yet"}}'],
  pending: [422, '{"error":{"code":"payment_pending","message":"no answer from Stripe yet","data":{"payment":"pi_1"}}}'],
  internal: [500, '{"error":{"code":"internal","message":"something went wrong on the server; nothing was changed by this request"}}'],
  badGateway: [502, '<html>bad gateway</html>'],
  noBackend: [503, '<html>no backend</html>'],
  teapot: [418, 'not json'],
  okNoResult: [200, '{"fine":true}'],
};

let server: Server;
let base: string;
const seen: { url: string; headers: Record<string, unknown>; body: string }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ url: req.url!, headers: req.headers, body });
      const [status, text] = ANSWERS[req.url!.slice('/api/'.length)] ?? [404, '{"error":{"code":"unknown_route","message":"no"}}'];
      res.writeHead(status, { 'content-type': text.startsWith('{') ? 'application/json' : 'text/html' });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

/** The remote door calling route `name` of the stand-in (the channel is what the door sends as the path). */
const call = (name: string, url = base) => remoteDoor({ url, token: 'brt_test', now: '2026-02-01T10:00:00.000Z' }).call(name as 'deployments/list', {});

/** The exit code and stderr line the CLI gives a failure. */
function exitOf(err: unknown): { code: number; stderr: string } {
  let stderr = '';
  const runtime: CliRuntime = { env: {}, exitCode: 0, stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) } };
  reportFailure(err, { json: false, runtime });
  return { code: runtime.exitCode, stderr };
}

describe('the remote door: each answer of the team server, and the CLI exit code it gives', () => {
  it('sends the channel as POST /api/<channel> with the input, the bearer token and the client clock, and returns the result', async () => {
    await expect(remoteDoor({ url: base, token: 'brt_test', now: '2026-02-01T10:00:00.000Z' }).call('deployments/start', { id: 3 })).rejects.toThrow();
    expect(await call('ok')).toEqual({ id: 7, name: 'chat' });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ url: '/api/ok', headers: { authorization: 'Bearer brt_test', 'x-burnrate-now': '2026-02-01T10:00:00.000Z' } });
    expect(seen.at(-2)).toMatchObject({ url: '/api/deployments/start', body: '{"id":3}' });
  });

  it.each([
    // route, what is thrown, its code, the CLI's exit code
    ['refused', RefusedError, 'insufficient_credits', EXIT.refused],
    ['invalid', RefusedError, 'invalid_input', EXIT.refused],
    ['unauthorized', RefusedError, 'unauthorized', EXIT.refused],
    ['forbidden', RefusedError, 'forbidden', EXIT.refused],
    ['notServed', RefusedError, 'not_available', EXIT.refused],
    ['pending', DoorFault, 'payment_pending', EXIT.internal],
    ['internal', DoorFault, 'internal', EXIT.internal],
    ['badGateway', ServerUnreachableError, 'server_unreachable', EXIT.unreachable],
    ['noBackend', ServerUnreachableError, 'server_unreachable', EXIT.unreachable],
  ] as const)('%s → %o with code %s, exit %i', async (route, type, code, exit) => {
    const err = await call(route).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(type);
    expect((err as { code: string }).code).toBe(code);
    const out = exitOf(err);
    expect(out.code).toBe(exit);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a refusal keeps the data the server sent, so the CLI can word its hint as for a local one', async () => {
    const err = (await call('refused').catch((e: unknown) => e)) as RefusedError;
    expect(err.data).toEqual({ needed: 120, balance: 20 });
  });

  it.each(['teapot', 'okNoResult'])(
    'an answer that is no Burnrate answer (%s) is an internal error (exit 1): it may or may not have been applied',
    async (route) => {
      const err = await call(route).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(RefusedError);
      expect(err).not.toBeInstanceOf(ServerUnreachableError);
      expect(exitOf(err).code).toBe(EXIT.internal);
    },
  );

  it('a server nobody listens on is unreachable: exit 3', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const { port } = srv.address() as AddressInfo;
    await new Promise<void>((r) => srv.close(() => r()));
    const err = await call('ok', `http://127.0.0.1:${port}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerUnreachableError);
    expect(exitOf(err)).toEqual({ code: EXIT.unreachable, stderr: expect.stringMatching(/cannot reach the server .*nothing was changed\n$/) as unknown });
  });
});
