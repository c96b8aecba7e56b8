import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../support/run-cli-here.js';
import { startServerHost, type ServerHost } from '../../../main/server/server-host.js';
import { newMemberToken, tokenHash } from '../../../main/server/tokens.js';
import { MemoryMemberDirectory } from '../../support/memory-member-directory.js';

const run = runCliHere;

/** A loopback port nothing listens on (taken, then closed). */
async function deadPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('burnrate members add|list|remove (against a team server)', () => {
  let host: ServerHost;
  let testClockHost: ServerHost;
  const admin = newMemberToken();
  beforeAll(async () => {
    const dir = new MemoryMemberDirectory();
    await dir.createOrg({ name: 'Acme', adminEmail: 'ada@acme.test', tokenHash: tokenHash(admin), at: Date.UTC(2026, 0, 1) });
    host = await startServerHost({ members: dir, channels: null, port: 0, testClock: false, log: () => {} });
    testClockHost = await startServerHost({ members: dir, channels: null, port: 0, testClock: true, log: () => {} });
  });
  afterAll(async () => {
    await host.close();
    await testClockHost.close();
  });

  it('an admin adds a lead (token shown once), lists, and removes them: the token stops working at once', async () => {
    const env = { BURNRATE_SERVER: host.url, BURNRATE_TOKEN: admin };
    const added = await run(['--json', 'members', 'add', 'lee@acme.test', '--role', 'lead'], env);
    expect(added.code).toBe(0);
    const { token, ...rest } = added.json as { email: string; role: string; token: string };
    expect(rest).toEqual({ email: 'lee@acme.test', role: 'lead' });
    expect(token).toMatch(/^brt_/);

    const list = await run(['members', 'list', '--json'], env);
    expect((list.json as { email: string; role: string }[]).map((m) => [m.email, m.role])).toEqual([
      ['ada@acme.test', 'admin'],
      ['lee@acme.test', 'lead'],
    ]);

    // The lead's own token works (whoami through a refused admin route proves it is known, not unknown).
    const asLead = await run(['members', 'list'], { BURNRATE_SERVER: host.url, BURNRATE_TOKEN: token });
    expect(asLead.code).toBe(2);
    expect(asLead.stderr).toBe("burnrate: members/list needs the admin role; this token is a lead's (lee@acme.test)\n");

    const removed = await run(['members', 'remove', 'lee@acme.test', '--server', host.url, '--token', admin]);
    expect([removed.code, removed.stdout]).toEqual([0, 'Removed lee@acme.test (lead); their tokens no longer work.\n']);

    const after = await run(['members', 'list', '--json'], { BURNRATE_SERVER: host.url, BURNRATE_TOKEN: token });
    expect(after.code).toBe(2);
    expect(after.stderr.trim().split('\n')).toEqual(['burnrate: unknown or revoked token: ask an admin of your org for a new one']);
    expect(after.json).toEqual({ error: { code: 'unauthorized', message: 'unknown or revoked token: ask an admin of your org for a new one' } });
  });

  it.each([
    ['no --server', ['members', 'list'], {}, 'burnrate: members list works with a team server: pass --server URL (env BURNRATE_SERVER)'],
    [
      'no token',
      ['members', 'list', '--server', 'http://127.0.0.1:9'],
      {},
      'burnrate: members list needs your member token: set BURNRATE_TOKEN (or pass --token)',
    ],
    [
      'a bad URL',
      ['members', 'list', '--server', 'ftp://x', '--token', 'brt_x'],
      {},
      'burnrate: --server is an http:// or https:// URL with no user, query or fragment, e.g. https://burnrate.example.com',
    ],
    [
      'a bad role',
      ['members', 'add', 'a@b.test', '--role', 'owner'],
      { BURNRATE_SERVER: 'http://127.0.0.1:9', BURNRATE_TOKEN: 'brt_x' },
      "burnrate: --role is one of viewer, lead, admin, got 'owner'",
    ],
    [
      'a bad --now',
      ['members', 'list', '--now', 'soon'],
      { BURNRATE_SERVER: 'http://127.0.0.1:9', BURNRATE_TOKEN: 'brt_x' },
      'burnrate: --now "soon" is not an ISO-8601 instant, e.g. 2026-01-31 or 2026-01-31T14:00:00Z',
    ],
  ] as const)('%s: exit 2 with one line, before anything is sent', async (_what, args, env, line) => {
    const r = await run([...args], env);
    expect([r.code, r.stderr]).toEqual([2, `${line}\n`]);
  });

  it('exit 3 when the server cannot be reached (nothing changed)', async () => {
    const r = await run(['--json', 'members', 'add', 'x@acme.test', '--role', 'viewer'], {
      BURNRATE_SERVER: `http://127.0.0.1:${await deadPort()}`,
      BURNRATE_TOKEN: admin,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^burnrate: cannot reach the server at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): nothing was changed\n$/);
    expect((r.json as { error: { code: string } }).error.code).toBe('server_unreachable');
    const list = await run(['--json', 'members', 'list'], { BURNRATE_SERVER: host.url, BURNRATE_TOKEN: admin });
    expect((list.json as { email: string }[]).map((m) => m.email)).not.toContain('x@acme.test');
  });

  it('--now goes to a --test-clock server as the request clock; any other server refuses it with exit 2', async () => {
    const env = { BURNRATE_TOKEN: admin, BURNRATE_NOW: '2026-04-01T08:00:00Z' };
    const refused = await run(['members', 'add', 'c@acme.test', '--role', 'viewer', '--server', host.url], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^burnrate: this server does not take a client clock/);
    const ok = await run(['members', 'add', 'c@acme.test', '--role', 'viewer', '--server', testClockHost.url, '--json'], env);
    expect(ok.code).toBe(0);
    const list = await run(['members', 'list', '--json', '--server', testClockHost.url], { BURNRATE_TOKEN: admin });
    expect((list.json as { email: string; addedAt: string }[]).find((m) => m.email === 'c@acme.test')?.addedAt).toBe('2026-04-01T08:00:00.000Z');
  });
});
