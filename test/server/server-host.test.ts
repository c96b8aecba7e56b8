import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW_HEADER } from '../../main/server/protocol.js';
import { startServerHost, type ServerHost } from '../../main/server/server-host.js';
import { newMemberToken, tokenHash } from '../../main/server/tokens.js';
import { MemoryMemberDirectory } from '../support/memory-member-directory.js';

const AT = Date.UTC(2026, 0, 5, 9);

/** A server over an in-memory directory: org 1 (admin, lead, viewer) and org 2 (its admin). */
async function setUp(testClock: boolean) {
  const dir = new MemoryMemberDirectory();
  const admin = newMemberToken();
  const otherAdmin = newMemberToken();
  const { orgId } = await dir.createOrg({ name: 'Acme', adminEmail: 'ada@acme.test', tokenHash: tokenHash(admin), at: AT });
  await dir.createOrg({ name: 'Other', adminEmail: 'oz@other.test', tokenHash: tokenHash(otherAdmin), at: AT });
  const lead = newMemberToken();
  const viewer = newMemberToken();
  await dir.add(orgId, { email: 'lee@acme.test', role: 'lead', tokenHash: tokenHash(lead), at: AT });
  await dir.add(orgId, { email: 'vi@acme.test', role: 'viewer', tokenHash: tokenHash(viewer), at: AT });
  const host = await startServerHost({ members: dir, channels: null, port: 0, testClock, log: () => {} });
  return { host, tokens: { admin, lead, viewer, otherAdmin } };
}

interface Call {
  token?: string | null;
  body?: string;
  contentType?: string;
  method?: string;
  headers?: Record<string, string>;
}

async function call(host: ServerHost, path: string, c: Call = {}) {
  const headers: Record<string, string> = { 'content-type': c.contentType ?? 'application/json', ...c.headers };
  if (c.token) headers.authorization = `Bearer ${c.token}`;
  const method = c.method ?? 'POST';
  const res = await fetch(`${host.url}${path}`, { method, headers, body: method === 'GET' ? undefined : (c.body ?? '{}') });
  return { status: res.status, body: (await res.json()) as { result?: unknown; error?: { code: string; message: string } } };
}

describe('team server host: authenticate, authorise, check, answer', () => {
  let s: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    s = await setUp(false);
  });
  afterAll(async () => {
    await s.host.close();
  });

  it('GET /health answers without a token', async () => {
    expect(await call(s.host, '/health', { method: 'GET' })).toEqual({ status: 200, body: { result: { ok: true } } });
  });

  it('whoami says whose token it is', async () => {
    const r = await call(s.host, '/api/whoami', { token: s.tokens.lead });
    expect(r).toEqual({ status: 200, body: { result: { orgId: 1, orgName: 'Acme', email: 'lee@acme.test', role: 'lead' } } });
  });

  it.each([
    ['no Authorization header', () => ({ token: null }), 401, 'unauthorized'],
    ['a token of the wrong shape', () => ({ token: 'secret' }), 401, 'unauthorized'],
    ['a well-shaped unknown token', () => ({ token: newMemberToken() }), 401, 'unauthorized'],
    ['Basic instead of Bearer', () => ({ token: null, headers: { authorization: `Basic ${s.tokens.admin}` } }), 401, 'unauthorized'],
    ['a body that is not JSON', () => ({ token: s.tokens.admin, body: '{nope' }), 400, 'invalid_input'],
    ['a body sent as text/plain', () => ({ token: s.tokens.admin, contentType: 'text/plain' }), 415, 'unsupported_media_type'],
    ['a body over 1 MB', () => ({ token: s.tokens.admin, body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) }), 413, 'payload_too_large'],
    ['an unknown field', () => ({ token: s.tokens.admin, body: '{"extra":1}' }), 400, 'invalid_input'],
    ['a GET', () => ({ token: s.tokens.admin, method: 'GET' }), 405, 'method_not_allowed'],
    ['a lead asking for the member list', () => ({ token: s.tokens.lead }), 403, 'forbidden'],
    [
      'a client clock on a server without --test-clock',
      () => ({ token: s.tokens.admin, headers: { [NOW_HEADER]: '2026-02-01T00:00:00Z' } }),
      400,
      'test_clock_off',
    ],
  ] as const)('members/list with %s: HTTP %i %s', async (_what, make, status, code) => {
    const r = await call(s.host, '/api/members/list', make());
    expect(r.status).toBe(status);
    expect(r.body.error?.code).toBe(code);
    expect(r.body).not.toHaveProperty('result');
  });

  it('a refused role names the role needed and the role held', async () => {
    const r = await call(s.host, '/api/members/add', { token: s.tokens.viewer, body: '{"email":"x@acme.test","role":"viewer"}' });
    expect(r.status).toBe(403);
    expect(r.body.error?.message).toBe("members/add needs the admin role; this token is a viewer's (vi@acme.test)");
  });

  it('a handler-table channel checks the role first, then answers not_available while the server runs no engine', async () => {
    expect((await call(s.host, '/api/deployments/create', { token: s.tokens.viewer })).status).toBe(403);
    const r = await call(s.host, '/api/deployments/create', { token: s.tokens.lead });
    expect(r.status).toBe(501);
    expect(r.body.error?.code).toBe('not_available');
  });

  it('an unknown route is 404 with a token and 401 without one (nothing is told to strangers)', async () => {
    expect((await call(s.host, '/api/nope', { token: s.tokens.viewer })).status).toBe(404);
    expect((await call(s.host, '/api/nope')).status).toBe(401);
    expect((await call(s.host, '/elsewhere', { token: s.tokens.viewer })).status).toBe(404);
  });

  it('members: add shows the token once, it works at once, list never shows tokens, remove stops it at once', async () => {
    const added = await call(s.host, '/api/members/add', { token: s.tokens.admin, body: '{"email":" New@Acme.TEST ","role":"lead"}' });
    expect(added.status).toBe(200);
    const { token, ...rest } = added.body.result as { email: string; role: string; token: string };
    expect(rest).toEqual({ email: 'new@acme.test', role: 'lead' });
    expect((await call(s.host, '/api/whoami', { token })).body.result).toMatchObject({ email: 'new@acme.test', role: 'lead' });
    const list = await call(s.host, '/api/members/list', { token: s.tokens.admin });
    expect((list.body.result as { email: string }[]).map((m) => m.email)).toEqual(['ada@acme.test', 'lee@acme.test', 'vi@acme.test', 'new@acme.test']);
    expect(JSON.stringify(list.body)).not.toContain(token);
    const again = await call(s.host, '/api/members/add', { token: s.tokens.admin, body: '{"email":"new@acme.test","role":"viewer"}' });
    expect([again.status, again.body.error?.code]).toEqual([409, 'member_exists']);
    const removed = await call(s.host, '/api/members/remove', { token: s.tokens.admin, body: '{"email":"NEW@acme.test"}' });
    expect(removed.body.result).toMatchObject({ email: 'new@acme.test', role: 'lead' });
    expect((await call(s.host, '/api/whoami', { token })).status).toBe(401);
  });

  it.each([
    ['{"email":"not-an-email","role":"lead"}', 'members/add: email: not an email address'],
    ['{"email":"a@b.test","role":"owner"}', 'members/add: role: a role: viewer, lead, admin'],
    ['{"email":"a@b.test"}', 'members/add: role: a role: viewer, lead, admin'],
  ])('members/add %s is refused: %s', async (body, message) => {
    const r = await call(s.host, '/api/members/add', { token: s.tokens.admin, body });
    expect([r.status, r.body.error?.code, r.body.error?.message]).toEqual([400, 'invalid_input', message]);
  });

  it("another org's admin sees only their own org and cannot remove this org's members", async () => {
    const list = await call(s.host, '/api/members/list', { token: s.tokens.otherAdmin });
    expect((list.body.result as { email: string }[]).map((m) => m.email)).toEqual(['oz@other.test']);
    const r = await call(s.host, '/api/members/remove', { token: s.tokens.otherAdmin, body: '{"email":"lee@acme.test"}' });
    expect([r.status, r.body.error?.code]).toEqual([404, 'unknown_member']);
    expect((await call(s.host, '/api/whoami', { token: s.tokens.lead })).status).toBe(200);
  });

  it('the last admin cannot be removed (the org would have no one to manage it)', async () => {
    const r = await call(s.host, '/api/members/remove', { token: s.tokens.otherAdmin, body: '{"email":"oz@other.test"}' });
    expect([r.status, r.body.error?.code]).toEqual([409, 'last_admin']);
  });
});

describe('team server host with --test-clock', () => {
  it("takes each request's clock from the client's --now, and refuses one that is not an instant", async () => {
    const s = await setUp(true);
    try {
      const at = { [NOW_HEADER]: '2026-03-01T12:00:00Z' };
      const r = await call(s.host, '/api/members/add', { token: s.tokens.admin, headers: at, body: '{"email":"t@acme.test","role":"viewer"}' });
      expect(r.status).toBe(200);
      const list = await call(s.host, '/api/members/list', { token: s.tokens.admin });
      expect((list.body.result as { email: string; addedAt: string }[]).find((m) => m.email === 't@acme.test')?.addedAt).toBe('2026-03-01T12:00:00.000Z');
      const bad = await call(s.host, '/api/members/list', { token: s.tokens.admin, headers: { [NOW_HEADER]: 'yesterday' } });
      expect([bad.status, bad.body.error?.code]).toEqual([400, 'invalid_date']);
    } finally {
      await s.host.close();
    }
  });
});
