import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { openServices, type Services } from '../../../main/core/services.js';
import { createHandlerTable } from '../../../main/host/handlers/handler-table.js';
import { startWebHost, type WebHost } from '../../../main/host/web/web-server.js';
import { openEvents, send } from './web-client.js';

const T0 = Date.parse('2025-03-03T09:00:00Z');
let services: Services | null = null;
let host: WebHost | null = null;

async function start(opts: { testClock?: boolean } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'burnrate-web-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Burnrate UI</title>');
  writeFileSync(path.join(dir, 'app.js'), 'console.log(1)');
  const clock = new SimulatedClock(T0);
  services = await openServices({ dataDir: ':memory:', clock });
  host = await startWebHost({ services, table: createHandlerTable(), rendererDir: dir, version: '0.0.0-test', testClock: opts.testClock ? clock : null });
  return { host, services, clock };
}

afterEach(async () => {
  await host?.close();
  await services?.close();
  host = null;
  services = null;
});

const json = { 'content-type': 'application/json' };

describe('web host: who may call', () => {
  it.each([
    ['no token', {}],
    ['a wrong token', { 'x-burnrate-token': 'x'.repeat(43) }],
    ['a wrong cookie', { cookie: 'burnrate_token=nope' }],
    ['a cookie of another port', { cookie: 'burnrate_token_1=nope' }],
    ['an empty token', { 'x-burnrate-token': '' }],
  ])('refuses a call with %s (401) and runs nothing', async (_why, headers) => {
    const { host, services } = await start();
    const r = await send(host.port, 'POST', '/api/deployments/create', { ...json, ...headers }, JSON.stringify({ name: 'x', model: 'm', paramsB: 7, precision: 'fp16', tier: 'S' }));
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
    const r = await send(host.port, 'POST', '/api/deployments/create', { ...json, 'x-burnrate-token': host.token, ...headers }, JSON.stringify({ name: 'x', model: 'm', paramsB: 7, precision: 'fp16', tier: 'S' }));
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'forbidden' } });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(services.engine.deployments.list()).toHaveLength(0);
  });

  it('hands the token over as an HttpOnly SameSite=Strict cookie and drops it from the URL', async () => {
    const { host } = await start();
    const r = await send(host.port, 'GET', `/?token=${host.token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await send(host.port, 'GET', '/', { cookie: cookie.split(';')[0]! });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Burnrate UI');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const api = await send(host.port, 'POST', '/api/ledger/balance', { cookie: cookie.split(';')[0]!, origin: host.origin, ...json }, '{}');
    expect(JSON.parse(api.body)).toEqual({ result: { balance: 0 } });
  });

  it('names the cookie for its port, so a second web host does not overwrite the first one\'s token', async () => {
    const { host: first } = await start();
    const dir = mkdtempSync(path.join(tmpdir(), 'burnrate-web-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Second</title>');
    const otherServices = await openServices({ dataDir: ':memory:', clock: new SimulatedClock(T0) });
    const second = await startWebHost({ services: otherServices, table: createHandlerTable(), rendererDir: dir, version: '0.0.0-test' });
    try {
      const cookieOf = async (h: WebHost) => String((await send(h.port, 'GET', `/?token=${h.token}`)).headers['set-cookie']).split(';')[0]!;
      const a = await cookieOf(first);
      const b = await cookieOf(second);
      expect(a.startsWith(`burnrate_token_${first.port}=`)).toBe(true);
      expect(b.startsWith(`burnrate_token_${second.port}=`)).toBe(true);
      // The browser keeps both (cookies ignore ports) and sends both to each host: each finds its own.
      const both = `${a}; ${b}`;
      for (const h of [first, second]) {
        const r = await send(h.port, 'POST', '/api/ledger/balance', { cookie: both, ...json }, '{}');
        expect(r.status).toBe(200);
      }
      // The other host's token under this host's name is refused.
      const swapped = `burnrate_token_${first.port}=${second.token}`;
      expect((await send(first.port, 'POST', '/api/ledger/balance', { cookie: swapped, ...json }, '{}')).status).toBe(401);
    } finally {
      await second.close();
      await otherServices.close();
    }
  });

  it('shows the index only to a token holder, and no file outside the build', async () => {
    const { host } = await start();
    expect((await send(host.port, 'GET', '/')).status).toBe(401);
    expect((await send(host.port, 'GET', '/?token=wrong')).status).toBe(401);
    expect((await send(host.port, 'GET', '/app.js')).status).toBe(200);
    for (const p of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const r = await send(host.port, 'GET', p);
      expect(r.body).not.toMatch(/root:/);
    }
  });

  it('refuses a body that is not JSON', async () => {
    const { host } = await start();
    const r = await send(host.port, 'POST', '/api/coupons/redeem', { 'x-burnrate-token': host.token, 'content-type': 'text/plain' }, '{"code":"X"}');
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'invalid_input' } });
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
