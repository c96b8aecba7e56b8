import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices } from '../../../main/compose/local-services.js';
import { runCliHere } from '../../support/run-cli-here.js';
import { dispatch } from '../../../main/host/handlers/dispatch.js';
import { createHandlerTable } from '../../../main/host/handlers/handler-table.js';
import { type ChannelRunner, startServerHost, type ServerHost } from '../../../main/server/server-host.js';
import { newMemberToken, tokenHash } from '../../../main/server/tokens.js';
import { MemoryMemberDirectory } from '../../support/memory-member-directory.js';

const run = runCliHere;

/**
 * A stand-in for the server's engine: each channel runs the handler table on
 * one SQLite ledger (the desktop's rules) at the request's clock, as the
 * server's ChannelRunner does on its PostgreSQL store.
 */
function sqliteChannels(dataDir: string): ChannelRunner {
  const table = createHandlerTable();
  return {
    async run(_owner, channel, input, clock) {
      const services = await openServices({ dataDir, clock, env: {} });
      try {
        return (await dispatch(table, { services, transport: 'web', testControls: false, version: '', host: {} }, channel, input)).reply;
      } finally {
        await services.close();
      }
    },
  };
}

/**
 * A TCP proxy in front of the server that cuts the connection carrying the
 * first `payments/purchase` request once the server starts to answer it: the
 * server has acted, and its answer is lost on the way back.
 */
async function answerLosingProxy(target: URL): Promise<{ url: string; close(): Promise<void> }> {
  let armed = true;
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((inbound) => {
    const outbound = net.connect(Number(target.port), target.hostname);
    let cut = false;
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => (s === inbound ? outbound : inbound).destroy());
    }
    inbound.on('data', (b: Buffer) => {
      if (armed && b.toString('latin1').startsWith('POST /api/payments/purchase ')) {
        armed = false;
        cut = true;
      }
      outbound.write(b);
    });
    outbound.on('data', (b: Buffer) => {
      if (!cut) return void inbound.write(b);
      inbound.destroy();
      outbound.destroy();
    });
    inbound.on('end', () => outbound.end());
    outbound.on('end', () => inbound.end());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
}

const NOW = '2026-03-02T09:00:00Z';
const LATER = '2026-03-02T11:30:00Z';

describe('the CLI as a client of the team server: commands through the door go to the server', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'client-mode-'));
  const serverDir = path.join(root, 'server-ledger');
  const localDir = path.join(root, 'local');
  const clientDir = path.join(root, 'client-replica');
  const admin = newMemberToken();
  const viewer = newMemberToken();
  let host: ServerHost;
  let client: NodeJS.ProcessEnv;
  let members: MemoryMemberDirectory;
  let org: number;
  /** A new lead of the org, and its token. */
  async function leadToken(email = 'lee@acme.test'): Promise<string> {
    const token = newMemberToken();
    await members.add(org, { email, role: 'lead', tokenHash: tokenHash(token), at: Date.UTC(2026, 0, 1) });
    return token;
  }
  beforeAll(async () => {
    const dir = (members = new MemoryMemberDirectory());
    const { orgId } = await dir.createOrg({ name: 'Acme', adminEmail: 'ada@acme.test', tokenHash: tokenHash(admin), at: Date.UTC(2026, 0, 1) });
    org = orgId;
    await dir.add(orgId, { email: 'vi@acme.test', role: 'viewer', tokenHash: tokenHash(viewer), at: Date.UTC(2026, 0, 1) });
    host = await startServerHost({ members: dir, channels: sqliteChannels(serverDir), port: 0, testClock: true, log: () => {} });
    client = { BURNRATE_SERVER: host.url, BURNRATE_TOKEN: admin, BURNRATE_DATA_DIR: clientDir };
  });
  afterAll(async () => {
    await host.close();
  });

  /** The same command locally (its own ledger) and against the server: both answers. */
  async function both(args: string[]) {
    return { local: await run(['--json', ...args], { BURNRATE_DATA_DIR: localDir }), remote: await run(['--json', ...args], client) };
  }

  it.each([
    ['deploy create', ['--now', NOW, 'deploy', 'create', '--name', 'chat', '--model', 'llama-3-8b', '--params', '8', '--precision', 'fp16', '--tier', 'S']],
    ['deploy list', ['--now', NOW, 'deploy', 'list']],
    ['deploy control show', ['--now', NOW, 'deploy', 'control', 'show', '1']],
    ['deploy idle', ['--now', LATER, 'deploy', 'idle', '1', '--after', '30']],
    ['analysis', ['--now', LATER, 'analysis', '--days', '7']],
    ['coupon create', ['--now', NOW, 'coupon', 'create', 'SPRING', '--credits', '500', '--expires', '2026-04-01', '--max-redemptions', '2']],
    ['coupon list', ['--now', NOW, 'coupon', 'list']],
    ['suggestions', ['--now', LATER, 'suggestions']],
    ['refill show', ['--now', NOW, 'refill', 'show']],
    ['refill off', ['--now', NOW, 'refill', 'off']],
    ['alerts settings', ['--now', LATER, 'alerts', 'settings', '--low-balance', '2000,500', '--limit', '1:500/6', '--weekly-day', 'Tue']],
    ['alerts list', ['--now', LATER, 'alerts', 'list', '--limit', '5']],
    ['alerts pending', ['--now', LATER, 'alerts', 'pending', '--mark-delivered']],
    ['alerts read --all', ['--now', LATER, 'alerts', 'read', '--all']],
  ])('%s gives the same JSON and exit code as against a local ledger (the client clock goes with the request)', async (_name, args) => {
    const { local, remote } = await both(args);
    expect(remote.stderr).toBe(local.stderr);
    expect([remote.code, remote.json]).toEqual([local.code, local.json]);
    expect(remote.code).toBe(0);
  });

  it.each([
    ['an unknown deployment', ['--now', NOW, 'deploy', 'start', '99']],
    ['a start without credits', ['--now', NOW, 'deploy', 'start', '1']],
    ['a bad id', ['deploy', 'pause', 'x']],
  ])('a refusal (%s) is exit 2 with the same one line as locally', async (_name, args) => {
    const { local, remote } = await both(args);
    expect(local.code).toBe(2);
    expect([remote.code, remote.stderr, remote.json]).toEqual([local.code, local.stderr, local.json]);
    expect(remote.stderr.trim().split('\n')).toHaveLength(1);
  });

  it("a viewer's token is refused a lead's action (exit 2, one line naming the role); an unknown token is exit 2", async () => {
    const asViewer = await run(['deploy', 'pause', '1'], { ...client, BURNRATE_TOKEN: viewer });
    expect([asViewer.code, asViewer.stderr]).toEqual([2, "burnrate: deployments/pause needs the lead role; this token is a viewer's (vi@acme.test)\n"]);
    const viewerReads = await run(['--json', 'deploy', 'list'], { ...client, BURNRATE_TOKEN: viewer });
    expect(viewerReads.code).toBe(0);
    const unknown = await run(['deploy', 'list'], { ...client, BURNRATE_TOKEN: newMemberToken() });
    expect([unknown.code, unknown.stderr]).toEqual([2, 'burnrate: unknown or revoked token: ask an admin of your org for a new one\n']);
  });

  it('a missing token is exit 2 before anything is sent', async () => {
    const r = await run(['deploy', 'list'], { ...client, BURNRATE_TOKEN: '' });
    expect([r.code, r.stderr]).toEqual([2, 'burnrate: deploy list needs your member token: set BURNRATE_TOKEN (or pass --token)\n']);
  });

  it('a server nobody listens on is exit 3 and nothing changed (no local ledger either)', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise<void>((r) => srv.close(() => r()));
    const r = await run(['--json', 'deploy', 'stop', '1', '--server', `http://127.0.0.1:${port}`], client);
    expect(r.code).toBe(3);
    expect(r.json).toMatchObject({ error: { code: 'server_unreachable' } });
    const list = await run(['--json', 'deploy', 'list'], client);
    expect((list.json as { state: string }[]).map((d) => d.state)).toEqual(['created']);
  });

  it("credits buy with a saved sandbox card works against the server as locally: the same JSON, one ledger entry; a viewer's token is refused", async () => {
    const lead = { ...client, BURNRATE_TOKEN: await leadToken() };
    const added = await run(['--json', '--now', NOW, 'cards', 'add', 'pm_card_visa'], lead);
    expect([added.code, added.stderr]).toEqual([0, '']);
    expect(added.json).toMatchObject({ brand: 'visa', last4: '4242', default: true });
    expect((await run(['--json', '--now', NOW, 'cards', 'add', 'pm_card_visa'], { BURNRATE_DATA_DIR: localDir })).code).toBe(0);

    const buy = ['--json', '--now', NOW, 'credits', 'buy', '--pack', '10'];
    const local = await run(buy, { BURNRATE_DATA_DIR: localDir });
    const remote = await run(buy, lead);
    expect([remote.code, remote.stderr]).toEqual([0, '']);
    expect(local.code).toBe(0);
    // The same fields in the same order, and the same values but the PaymentIntent (each ledger's own Stripe payment).
    expect(Object.keys(remote.json as object)).toEqual(Object.keys(local.json as object));
    expect(remote.json).toEqual({ ...(local.json as object), paymentIntent: expect.stringMatching(/^pi_/) });
    expect(remote.json).toMatchObject({ credits: 1000, status: 'succeeded', balance: 1000 });
    const pi = (remote.json as { paymentIntent: string }).paymentIntent;

    const refused = await run(buy, { ...client, BURNRATE_TOKEN: viewer });
    expect([refused.code, refused.stderr]).toEqual([2, "burnrate: payments/purchase needs the lead role; this token is a viewer's (vi@acme.test)\n"]);
    const purchases = await run(['--json', '--now', NOW, 'ledger', '--kind', 'purchase'], { ...client, BURNRATE_TOKEN: viewer });
    expect((purchases.json as { credits: number; reference: string }[]).map((e) => [e.credits, e.reference])).toEqual([[1000, pi]]);
    // A receipt is a read: a viewer gets it.
    const receipt = await run(['--json', 'credits', 'receipt', pi], { ...client, BURNRATE_TOKEN: viewer });
    expect([receipt.code, receipt.json]).toMatchObject([0, { paymentId: pi, credits: 1000, cardLast4: '4242' }]);
  });

  it('credits buy whose answer is lost: exit 1 naming its request key; sent again with that key it finishes that purchase, credited once', async () => {
    const lead = { ...client, BURNRATE_TOKEN: await leadToken('les@acme.test') };
    expect((await run(['--json', '--now', NOW, 'cards', 'add', 'pm_card_visa'], lead)).code).toBe(0);
    const purchases = async () =>
      ((await run(['--json', '--now', NOW, 'ledger', '--kind', 'purchase'], lead)).json as { credits: number; reference: string }[]).map((e) => e.reference);
    const before = await purchases();
    const proxy = await answerLosingProxy(new URL(host.url));
    try {
      const buy = ['--now', NOW, 'credits', 'buy', '--pack', '20'];
      const lost = await run(buy, { ...lead, BURNRATE_SERVER: proxy.url });
      // Not a refusal (something may have changed) and not unreachable: exit 1, naming the key to send it again with.
      expect(lost.code).toBe(1);
      expect(lost.stderr).toMatch(
        /^burnrate: internal error: the connection to http:\/\/127\.0\.0\.1:\d+ failed \(.+\); the request may or may not have been applied — run the same command with `--request-key cli:[0-9a-f-]{36}` to finish that purchase; it never pays twice\n$/,
      );
      const key = /`--request-key (cli:[0-9a-f-]{36})`/.exec(lost.stderr)?.[1];
      // The server did act: the purchase is in the ledger once.
      const after = await purchases();
      expect(after).toHaveLength(before.length + 1);
      const again = await run(['--json', ...buy, '--request-key', key!], lead);
      expect([again.code, again.stderr]).toEqual([0, '']);
      expect(again.json).toMatchObject({ credits: 2000, status: 'succeeded', paymentIntent: after[after.length - 1] });
      expect(await purchases()).toEqual(after);
      // The same key with another amount is refused, and nothing is charged.
      const other = await run(['--now', NOW, 'credits', 'buy', '--pack', '5', '--request-key', key!], lead);
      expect([other.code, other.stderr]).toEqual([2, expect.stringMatching(/was used for another purchase .*nothing was charged/)]);
      const bad = await run(['--now', NOW, 'credits', 'buy', '--pack', '5', '--request-key', 'x y'], lead);
      expect(bad.code).toBe(2);
      expect(await purchases()).toEqual(after);
    } finally {
      await proxy.close();
    }
  });

  it('the server refuses a client clock when it does not run a test clock (exit 2)', async () => {
    const strict = await startServerHost({ members: new MemoryMemberDirectory(), channels: null, port: 0, testClock: false, log: () => {} });
    try {
      const r = await run(['--now', NOW, 'deploy', 'list'], { ...client, BURNRATE_SERVER: strict.url });
      expect(r.code).toBe(2);
    } finally {
      await strict.close();
    }
  });
});
