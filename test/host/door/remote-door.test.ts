import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerUnreachableError } from '../../../main/client/server-client.js';
import type { Clock } from '../../../main/core/clock.js';
import { RefusedError } from '../../../main/core/errors.js';
import type { TokenOwner } from '../../../main/core/team/member-directory.js';
import { DoorFault } from '../../../main/host/door/door.js';
import { remoteDoor } from '../../../main/host/door/remote-door.js';
import { type ChannelRunner, startServerHost, type ServerHost } from '../../../main/server/server-host.js';
import { newMemberToken, tokenHash } from '../../../main/server/tokens.js';
import type { Channel, Reply } from '../../../preload/contract.js';
import { MemoryMemberDirectory } from '../../support/memory-member-directory.js';

/** A stand-in for the engine on the server: answers by channel, and records who asked and at what clock. */
const calls: { owner: TokenOwner; channel: Channel; input: unknown; at: string }[] = [];
const runner: ChannelRunner = {
  run(owner: TokenOwner, channel: Channel, input: unknown, clock: Clock): Promise<Reply<unknown>> {
    calls.push({ owner, channel, input, at: clock.now().toISOString() });
    const replies: Partial<Record<Channel, Reply<unknown>>> = {
      'ledger/balance': { result: { balance: 1234 } },
      'coupons/redeem': { error: { code: 'coupon_expired', message: 'coupon SPRING expired', data: { code: 'SPRING' } } },
      'payments/purchase': { error: { code: 'payment_pending', message: 'the bank has not answered yet' } },
      'settings/get': { error: { code: 'internal', message: 'something went wrong; nothing was changed by this request' } },
    };
    return Promise.resolve(replies[channel] ?? { result: null });
  },
};

let host: ServerHost;
let bare: ServerHost;
const lead = newMemberToken();
const viewer = newMemberToken();
beforeAll(async () => {
  const dir = new MemoryMemberDirectory();
  const { orgId } = await dir.createOrg({ name: 'Acme', adminEmail: 'ada@acme.test', tokenHash: tokenHash(newMemberToken()), at: 0 });
  await dir.add(orgId, { email: 'lee@acme.test', role: 'lead', tokenHash: tokenHash(lead), at: 0 });
  await dir.add(orgId, { email: 'vi@acme.test', role: 'viewer', tokenHash: tokenHash(viewer), at: 0 });
  host = await startServerHost({ members: dir, channels: runner, port: 0, testClock: true, log: () => {} });
  bare = await startServerHost({ members: dir, channels: null, port: 0, testClock: false, log: () => {} });
});
afterAll(async () => {
  await host.close();
  await bare.close();
});

describe('the remote door: a channel on the team server, unwrapped as the local door unwraps it', () => {
  it("returns the channel's result, run for the token's org at the client's clock", async () => {
    const door = remoteDoor({ url: host.url, token: lead, now: '2026-06-01T10:00:00.000Z' });
    expect(await door.call('ledger/balance', {})).toEqual({ balance: 1234 });
    expect(calls.at(-1)).toMatchObject({
      owner: { orgName: 'Acme', email: 'lee@acme.test', role: 'lead' },
      channel: 'ledger/balance',
      at: '2026-06-01T10:00:00.000Z',
    });
  });

  it('an engine refusal arrives as a RefusedError with its code and data (exit 2)', async () => {
    const err = await remoteDoor({ url: host.url, token: lead })
      .call('coupons/redeem', { code: 'SPRING' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect(err).toMatchObject({ code: 'coupon_expired', message: 'coupon SPRING expired', data: { code: 'SPRING' } });
  });

  it.each([
    ['payments/purchase', 'payment_pending'],
    ['settings/get', 'internal'],
  ] as const)('%s answering %s is a fault, never "nothing changed" (exit 1)', async (channel, code) => {
    const err = await remoteDoor({ url: host.url, token: lead })
      .call(channel, channel === 'payments/purchase' ? ({ credits: 500 } as never) : {})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DoorFault);
    expect((err as DoorFault).code).toBe(code);
  });

  it('a role too low is refused before the engine is asked', async () => {
    const before = calls.length;
    const err = await remoteDoor({ url: host.url, token: viewer })
      .call('coupons/redeem', { code: 'SPRING' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'forbidden', message: "coupons/redeem needs the lead role; this token is a viewer's (vi@acme.test)" });
    expect(calls.length).toBe(before);
  });

  it('a server that runs no engine refuses every channel (not_available), and an unknown token is refused', async () => {
    await expect(remoteDoor({ url: bare.url, token: lead }).call('ledger/balance', {})).rejects.toMatchObject({ code: 'not_available' });
    await expect(remoteDoor({ url: host.url, token: newMemberToken() }).call('ledger/balance', {})).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('a server that cannot be reached is a ServerUnreachableError (exit 3)', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const { port } = srv.address() as net.AddressInfo;
    await new Promise<void>((r) => srv.close(() => r()));
    await expect(remoteDoor({ url: `http://127.0.0.1:${port}`, token: lead }).call('ledger/balance', {})).rejects.toBeInstanceOf(ServerUnreachableError);
  });
});
