import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { createHandlerTable } from '../../../main/host/handlers/handler-table.js';
import { startWebHost, type WebHost } from '../../../main/host/web/web-server.js';
import { openEvents, send, slowPost } from './web-client.js';

const T0 = Date.parse('2025-03-03T09:00:00Z');
let services: Services | null = null;
let host: WebHost | null = null;

const dirs: string[] = [];

async function start(opts: { testClock?: boolean; bodyTimeoutMs?: number } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'burnrate-web-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Burnrate UI</title>');
  writeFileSync(path.join(dir, 'app.js'), 'console.log(1)');
  const clock = new SimulatedClock(T0);
  services = await openServices({ dataDir: ':memory:', clock });
  host = await startWebHost({
    services,
    table: createHandlerTable(),
    rendererDir: dir,
    version: '0.0.0-test',
    testClock: opts.testClock ? clock : null,
    bodyTimeoutMs: opts.bodyTimeoutMs,
  });
  return { host, services, clock };
}

afterEach(async () => {
  await host?.close();
  await services?.close();
  host = null;
  services = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const json = { 'content-type': 'application/json' };

describe('web host: who may call', () => {
  it.each([
    ['no token', () => ({})],
    ['a wrong token', () => ({ 'x-burnrate-token': 'x'.repeat(43) })],
    ['an empty token', () => ({ 'x-burnrate-token': '' })],
    [
      'the session token as a cookie (cookies are never read: they reach every port)',
      (h: WebHost) => ({ cookie: `burnrate_token=${h.token}; burnrate_token_${h.port}=${h.token}` }),
    ],
    ['an unspent launch code instead of a session', (h: WebHost) => ({ 'x-burnrate-token': new URL(h.newLaunchUrl()).hash.slice('#code='.length) })],
  ])('refuses a call with %s (401) and runs nothing', async (_why, headers) => {
    const { host, services } = await start();
    const r = await send(
      host.port,
      'POST',
      '/api/deployments/create',
      { ...json, ...headers(host) },
      JSON.stringify({ name: 'x', model: 'm', paramsB: 7, precision: 'fp16', tier: 'S' }),
    );
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'unauthorized' } });
    expect(services.engine.deployments.list()).toHaveLength(0);
  });

  it.each([
    ['a foreign Origin', { origin: 'http://evil.com' }],
    ['a lookalike Origin', { origin: 'http://127.0.0.1.evil.com' }],
    ['an Origin on another port', { origin: 'http://127.0.0.1:1' }],
    ['the null Origin', { origin: 'null' }],
    ['a rebinding Host', { host: 'evil.com' }],
    ['a Host on another port', { host: '127.0.0.1:1' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
  ])('refuses %s (403) even with the right token', async (_why, headers) => {
    const { host, services } = await start();
    const r = await send(
      host.port,
      'POST',
      '/api/deployments/create',
      { ...json, 'x-burnrate-token': host.token, ...headers },
      JSON.stringify({ name: 'x', model: 'm', paramsB: 7, precision: 'fp16', tier: 'S' }),
    );
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'forbidden' } });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(services.engine.deployments.list()).toHaveLength(0);
  });

  it("a launch code (in the link's fragment, never sent to a server) is spent once for a session sent as a header; no cookie is ever set", async () => {
    const { host } = await start();
    const link = new URL(host.launchUrl);
    expect(link.pathname).toBe('/launch');
    expect(link.search).toBe('');
    const code = /^#code=([A-Za-z0-9_-]{43})$/.exec(link.hash)?.[1];
    expect(code).toBeDefined();
    // The page itself holds no secret: anyone may load it, and it sets nothing.
    const page = await send(host.port, 'GET', '/launch');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Burnrate UI');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const first = await send(host.port, 'POST', '/api/session', { ...json, origin: host.origin }, JSON.stringify({ code }));
    expect(first.headers['set-cookie']).toBeUndefined();
    const token = (JSON.parse(first.body) as { result: { token: string } }).result.token;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).not.toBe(code);
    const api = await send(host.port, 'POST', '/api/ledger/balance', { 'x-burnrate-token': token, origin: host.origin, ...json }, '{}');
    expect(JSON.parse(api.body)).toEqual({ result: { balance: 0 } });
    // Spent: a second exchange of the same code is refused.
    const again = await send(host.port, 'POST', '/api/session', json, JSON.stringify({ code }));
    expect(again.status).toBe(401);
    expect(JSON.parse(again.body)).toMatchObject({ error: { code: 'unauthorized', message: expect.stringMatching(/already used or has expired/) } });
  });

  it.each([
    ['a made-up code', { code: 'A'.repeat(43) }],
    ['an empty code', { code: '' }],
    ['no code', {}],
    ['a code that is not text', { code: ['x'] }],
    ['the session token itself', 'token'],
  ])('refuses to exchange %s', async (_what, body) => {
    const { host } = await start();
    const r = await send(host.port, 'POST', '/api/session', json, JSON.stringify(body === 'token' ? { code: host.token } : body));
    expect(r.status).toBe(401);
  });

  it("a session may mint another launch link (a second tab, the e2e's browser); without a session it may not", async () => {
    const { host } = await start();
    const r = await send(host.port, 'POST', '/api/session/launch', { ...json, 'x-burnrate-token': host.token }, '{}');
    const link = (JSON.parse(r.body) as { result: { launchUrl: string } }).result.launchUrl;
    expect(link).toMatch(new RegExp(`^${host.origin}/launch#code=[A-Za-z0-9_-]{43}$`));
    expect((await send(host.port, 'POST', '/api/session/launch', json, '{}')).status).toBe(401);
  });

  it('streams events only to a session (the header, not a cookie)', async () => {
    const { host } = await start();
    expect((await send(host.port, 'GET', '/api/events')).status).toBe(401);
    expect((await send(host.port, 'GET', '/api/events', { cookie: `burnrate_token_${host.port}=${host.token}` })).status).toBe(401);
  });

  it('serves the index and assets, and no file outside the build', async () => {
    const { host } = await start();
    expect((await send(host.port, 'GET', '/')).status).toBe(200);
    expect((await send(host.port, 'GET', '/app.js')).status).toBe(200);
    for (const p of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const r = await send(host.port, 'GET', p);
      expect(r.body).not.toMatch(/root:/);
    }
  });
});

describe('web host: request bodies', () => {
  it.each([
    ['text/plain', { 'content-type': 'text/plain' }, '{"code":"HELLO"}'],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'code=HELLO'],
    ['no content type', {}, '{"code":"HELLO"}'],
    ['no content type and no body', {}, undefined],
    ['a lookalike type', { 'content-type': 'application/jsonp' }, '{"code":"HELLO"}'],
  ])('a POST sent as %s is refused with 415 and runs nothing', async (_what, headers, body) => {
    const { host, services } = await start();
    await services.engine.createCoupon({ code: 'HELLO', credits: 700 });
    const r = await send(host.port, 'POST', '/api/coupons/redeem', { 'x-burnrate-token': host.token, ...headers }, body);
    expect(r.status).toBe(415);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'unsupported_media_type' } });
    expect(services.engine.ledger.balance()).toBe(0);
  });

  it('accepts application/json with a charset', async () => {
    const { host } = await start();
    const r = await send(host.port, 'POST', '/api/ledger/balance', { 'x-burnrate-token': host.token, 'content-type': 'application/json; charset=utf-8' }, '{}');
    expect(JSON.parse(r.body)).toEqual({ result: { balance: 0 } });
  });

  it.each([
    ['an API call', '/api/coupons/redeem'],
    ['a launch-code exchange', '/api/session'],
  ])('%s whose body stops arriving is cut off with 408 (after 10 s; 0.3 s here) and runs nothing', async (_what, route) => {
    const { host, services } = await start({ bodyTimeoutMs: 300 });
    await services.engine.createCoupon({ code: 'HELLO', credits: 700 });
    const reply = await slowPost(host.port, route, { ...json, 'x-burnrate-token': host.token, 'content-length': '100' }, '{"code":');
    expect(reply.status).toBe(408);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'request_timeout' } });
    expect(services.engine.ledger.balance()).toBe(0);
  });
});

describe('web host: answers', () => {
  // A refusal is an answer, not a failed request: browsers log every non-2xx fetch as a console error.
  it.each([
    ['an engine refusal', '/api/coupons/redeem', '{"code":"NOPE"}', 200, 'unknown_coupon'],
    ['input that fails the schema', '/api/deployments/pause', '{"id":"x"}', 200, 'invalid_input'],
    ['a result', '/api/ledger/balance', '{}', 200, null],
    ['an unknown channel', '/api/nothing/here', '{}', 404, 'unknown_channel'],
  ])('answers %s (route %s) with the status and code of the table', async (_what, route, body, status, code) => {
    const { host } = await start();
    const r = await send(host.port, 'POST', route, { ...json, 'x-burnrate-token': host.token }, body);
    expect(r.status).toBe(status);
    const reply = JSON.parse(r.body) as { error?: { code: string } };
    expect(reply.error?.code ?? null).toBe(code);
  });
});

describe('web host: events and the test clock', () => {
  it('streams snapshot/changed on connect and after an action', async () => {
    const { host, services } = await start();
    const stream = await openEvents(host.port, host.token);
    await stream.waitFor((e) => e.event === 'snapshot/changed');
    await services.engine.createCoupon({ code: 'HELLO', credits: 700 });
    await send(host.port, 'POST', '/api/coupons/redeem', { ...json, 'x-burnrate-token': host.token }, '{"code":"hello"}');
    await stream.waitFor((e) => e.event === 'snapshot/changed' && (e.data as { balance: number }).balance === 700);
    stream.stop();
  });

  it('has no test clock unless it was turned on', async () => {
    const { host, clock } = await start();
    const r = await send(host.port, 'POST', '/api/test/clock', { ...json, 'x-burnrate-token': host.token }, '{"advanceMs":3600000}');
    expect(r.status).toBe(404);
    expect(clock.now().getTime()).toBe(T0);
    const info = await send(host.port, 'POST', '/api/app/info', { ...json, 'x-burnrate-token': host.token }, '{}');
    expect(JSON.parse(info.body)).toMatchObject({ result: { transport: 'web', testControls: false } });
  });

  it('moves the clock, settles and pushes the snapshot when turned on', async () => {
    const { host, services, clock } = await start({ testClock: true });
    await services.engine.createCoupon({ code: 'RUN', credits: 1000 });
    await services.engine.redeemCoupon('RUN');
    const d = await services.engine.createDeployment({ name: 'small', model: 'llama-3-8b', paramsB: 8, precision: 'bf16', tier: 'S' });
    await services.engine.startDeployment(d.id);
    const stream = await openEvents(host.port, host.token);
    const r = await send(host.port, 'POST', '/api/test/clock', { ...json, 'x-burnrate-token': host.token }, '{"advanceMs":7260000}');
    expect(JSON.parse(r.body)).toEqual({ result: { now: '2025-03-03T11:01:00.000Z' } });
    expect(clock.now().getTime()).toBe(T0 + 7_260_000);
    // Hours starting 09:00 (at start), 10:00 and 11:00 are paid: 3 × 60 credits.
    await stream.waitFor((e) => e.event === 'snapshot/changed' && (e.data as { balance: number }).balance === 1000 - 3 * 60);
    const bad = await send(host.port, 'POST', '/api/test/clock', { ...json, 'x-burnrate-token': host.token }, '{"advanceMs":"soon"}');
    expect(JSON.parse(bad.body)).toMatchObject({ error: { code: 'invalid_input' } });
    const unauth = await send(host.port, 'POST', '/api/test/clock', json, '{"advanceMs":1}');
    expect(unauth.status).toBe(401);
    stream.stop();
  });
});
