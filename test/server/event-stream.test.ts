import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgChangeFeed } from '../../main/core/team/org-change-feed.js';
import { startServerHost } from '../../main/server/server-host.js';
import { newMemberToken, tokenHash } from '../../main/server/tokens.js';
import { MemoryMemberDirectory } from '../support/memory-member-directory.js';
import { openEventStream } from '../support/event-stream-reader.js';

const AT = Date.UTC(2026, 0, 5, 9);

/** A feed in memory: `set` moves an org's seq and tells its subscribers at once (no coalescing here). */
class MemoryFeed implements OrgChangeFeed {
  readonly seqs = new Map<number, number>();
  readonly subs = new Map<number, Set<(seq: number) => void>>();
  current(orgId: number): Promise<number> {
    return Promise.resolve(this.seqs.get(orgId) ?? 0);
  }
  subscribe(orgId: number, onSeq: (seq: number) => void): () => void {
    if (!this.subs.has(orgId)) this.subs.set(orgId, new Set());
    this.subs.get(orgId)!.add(onSeq);
    return () => this.subs.get(orgId)!.delete(onSeq);
  }
  set(orgId: number, seq: number): void {
    this.seqs.set(orgId, seq);
    for (const fn of this.subs.get(orgId) ?? []) fn(seq);
  }
  subscribers(orgId: number): number {
    return this.subs.get(orgId)?.size ?? 0;
  }
}

async function setUp(opts: { keepAliveMs?: number; feed?: OrgChangeFeed | null; drainMs?: number } = {}) {
  const dir = new MemoryMemberDirectory();
  const admin = newMemberToken();
  const viewer = newMemberToken();
  const otherAdmin = newMemberToken();
  const { orgId } = await dir.createOrg({ name: 'Acme', adminEmail: 'ada@acme.test', tokenHash: tokenHash(admin), at: AT });
  const other = await dir.createOrg({ name: 'Other', adminEmail: 'oz@other.test', tokenHash: tokenHash(otherAdmin), at: AT });
  await dir.add(orgId, { email: 'vi@acme.test', role: 'viewer', tokenHash: tokenHash(viewer), at: AT });
  const feed = new MemoryFeed();
  const host = await startServerHost({
    members: dir,
    channels: null,
    events: opts.feed === undefined ? feed : opts.feed,
    keepAliveMs: opts.keepAliveMs ?? 600_000,
    port: 0,
    testClock: false,
    drainMs: opts.drainMs,
    log: () => {},
  });
  return { host, dir, feed, orgId, otherOrgId: other.orgId, tokens: { admin, viewer, otherAdmin } };
}

/** Waits (polling; the test's timeout catches a hang) until `check` holds. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

describe('GET /api/events: who may follow the stream', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    s = await setUp();
  });
  afterAll(() => s.host.close());

  it.each([
    ['no Authorization header', null, 401, 'unauthorized', /^no token/],
    ['a token of the wrong shape', 'secret', 401, 'unauthorized', /^unknown or revoked token/],
    ['a well-shaped token nobody holds', newMemberToken(), 401, 'unauthorized', /^unknown or revoked token/],
  ])('refuses %s with a JSON error, as every route does', async (_name, token, status, code, message) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const res = await fetch(`${s.host.url}/api/events`, { headers });
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect([res.status, res.headers.get('content-type'), body.error.code]).toEqual([status, 'application/json; charset=utf-8', code]);
    expect(body.error.message).toMatch(message);
  });

  it('is a GET: a POST is refused 405', async () => {
    const res = await fetch(`${s.host.url}/api/events`, { method: 'POST', headers: { authorization: `Bearer ${s.tokens.viewer}` }, body: '{}' });
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([405, 'method_not_allowed']);
  });

  it('lets a viewer (the least role) follow, answered as an event stream that is not cached', async () => {
    const stream = await openEventStream(s.host.url, s.tokens.viewer);
    expect([stream.status, stream.headers['content-type'], stream.headers['cache-control']]).toEqual([
      200,
      'text/event-stream; charset=utf-8',
      'no-cache, no-transform',
    ]);
    stream.close();
  });

  it('answers not_available (501) on a server that follows no store', async () => {
    const bare = await setUp({ feed: null });
    try {
      const res = await fetch(`${bare.host.url}/api/events`, { headers: { authorization: `Bearer ${bare.tokens.admin}` } });
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([501, 'not_available']);
    } finally {
      await bare.host.close();
    }
  });
});

describe('GET /api/events: what the stream says', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    s = await setUp();
  });
  afterAll(() => s.host.close());

  it("sends the org's seq at once, then each newer one, in the documented event format", async () => {
    s.feed.set(s.orgId, 7);
    const stream = await openEventStream(s.host.url, s.tokens.viewer);
    const first = await stream.waitFor(() => true);
    expect(first).toEqual({ event: 'changed', id: '7', data: '{"seq":7}' });
    s.feed.set(s.orgId, 9);
    // An older or repeated seq (a late notification) is never sent after a newer one.
    s.feed.set(s.orgId, 8);
    s.feed.set(s.orgId, 9);
    s.feed.set(s.orgId, 10);
    await stream.waitFor((e) => e.id === '10');
    expect(stream.seqs()).toEqual([7, 9, 10]);
    stream.close();
  });

  it("never carries another org's seq", async () => {
    const mine = await openEventStream(s.host.url, s.tokens.otherAdmin);
    await mine.waitFor(() => true);
    s.feed.set(s.orgId, 50);
    s.feed.set(s.otherOrgId, 3);
    await mine.waitFor((e) => e.id === '3');
    expect(mine.seqs()).toEqual([0, 3]);
    mine.close();
  });

  it('stops following the org once the client goes away', async () => {
    const before = s.feed.subscribers(s.orgId);
    const stream = await openEventStream(s.host.url, s.tokens.admin);
    await stream.waitFor(() => true);
    expect(s.feed.subscribers(s.orgId)).toBe(before + 1);
    stream.close();
    await until(() => s.feed.subscribers(s.orgId) === before);
  });
});

describe('GET /api/events: keep-alives, revocation, shutdown', () => {
  it('sends a keep-alive comment each interval, and ends a removed member’s stream at the next one', async () => {
    const s = await setUp({ keepAliveMs: 100 });
    try {
      const stream = await openEventStream(s.host.url, s.tokens.viewer);
      const admins = await openEventStream(s.host.url, s.tokens.admin);
      await stream.waitForComments(2);
      expect(stream.comments.slice(0, 2)).toEqual(['keep-alive', 'keep-alive']);
      await s.dir.remove(s.orgId, 'vi@acme.test', AT);
      await stream.ended;
      const res = await fetch(`${s.host.url}/api/events`, { headers: { authorization: `Bearer ${s.tokens.viewer}` } });
      expect(res.status).toBe(401);
      await res.body?.cancel();
      // The admin's stream, same org, goes on.
      const seen = admins.comments.length;
      await admins.waitForComments(seen + 1);
      admins.close();
    } finally {
      await s.host.close();
    }
  });

  it('close() ends every open stream, so the server closes without waiting out its drain time', async () => {
    // A drain time far past the test's timeout: only ending the streams lets close() resolve.
    const s = await setUp({ drainMs: 3_600_000 });
    const streams = await Promise.all([openEventStream(s.host.url, s.tokens.viewer), openEventStream(s.host.url, s.tokens.admin)]);
    await Promise.all(streams.map((st) => st.waitFor(() => true)));
    await s.host.close();
    await Promise.all(streams.map((st) => st.ended));
    expect(s.feed.subscribers(s.orgId)).toBe(0);
  });
});
