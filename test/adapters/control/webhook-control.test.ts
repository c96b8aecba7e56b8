import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MINUTE_MS, SimulatedClock } from '../../../main/core/clock.js';
import { processTransport } from '../../../main/adapters/control/default-transport.js';
import { openServices } from '../../../main/compose/local-services.js';
import { timeZoneSchema } from '../../../main/core/settings/engine-settings.js';
import { spec } from '../../support/engine-fixture.js';
import { credit } from '../../core/schedules/services-fixture.js';
import { controlHistoryLines, controlViewDto } from '../../../main/host/control-present.js';
import { freePort } from '../../core/control/control-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Delivery {
  id: string;
  verified: boolean;
  body: Record<string, unknown> | null;
}

/** A receiver that checks every POST with the Standard Webhooks library and answers `status()`. */
async function receiver(status: () => number) {
  const deliveries: Delivery[] = [];
  const wh = new Webhook(SECRET);
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      let body: Record<string, unknown> | null;
      try {
        body = wh.verify(raw, req.headers as Record<string, string>) as Record<string, unknown>;
      } catch {
        body = null;
      }
      deliveries.push({ id: String(req.headers['webhook-id']), verified: body !== null, body });
      res.writeHead(body ? status() : 400).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/burnrate`, deliveries };
}

async function setup(url: string) {
  const clock = new SimulatedClock(Date.parse('2026-03-02T01:00:00Z'));
  const s = await openServices({
    dataDir: ':memory:',
    clock,
    controlTransport: processTransport({ commandMs: 5000, webhookMs: 5000, probeMs: 2000 }),
    controlVerifyWaitMs: 0,
  });
  s.engine.settings.set('app.timeZone', timeZoneSchema, 'UTC');
  cleanups.push(() => s.close());
  const d = await s.engine.createDeployment(spec({ name: 'chat-70b', model: 'llama-3-70b', tier: 'L' }));
  await s.control.set(d.id, { kind: 'webhook', url, secret: SECRET });
  await credit(s, 100_000);
  return { s, clock, id: d.id };
}

describe('a webhook control, verified by the Standard Webhooks library', () => {
  it('posts {type, deployment, reason, at} signed so the receiver verifies it', async () => {
    const r = await receiver(() => 204);
    const { s, id } = await setup(r.url);
    await s.engine.startDeployment(id);
    await s.control.outbox.idle();
    await s.engine.pauseDeployment(id);
    await s.control.outbox.idle();
    expect(r.deliveries.map((d) => d.verified)).toEqual([true, true]);
    expect(r.deliveries[1]!.body).toEqual({
      type: 'deployment.pause',
      deployment: { id, name: 'chat-70b', model: 'llama-3-70b', tier: 'L' },
      reason: 'user',
      at: '2026-03-02T01:00:00.000Z',
    });
    expect(new Set(r.deliveries.map((d) => d.id)).size).toBe(2);
    expect(s.control.view(id).history.map((a) => `${a.action}:${a.status}:${a.tries.map((t) => t.detail).join(',')}`)).toEqual([
      'pause:succeeded:HTTP 204',
      'start:succeeded:HTTP 204',
    ]);
  });

  it('a 500 is retried with the same webhook id until it answers 2xx; four 500s raise control_failed', async () => {
    let answer = 500;
    const r = await receiver(() => answer);
    const { s, clock, id } = await setup(r.url);
    await s.engine.startDeployment(id);
    await s.control.outbox.idle();
    clock.advance(MINUTE_MS);
    answer = 200;
    await s.engine.settle();
    await s.control.outbox.idle();
    expect(r.deliveries.map((d) => `${d.id === r.deliveries[0]!.id}:${d.verified}`)).toEqual(['true:true', 'true:true']);
    expect(s.control.view(id).history[0]!.tries.map((t) => t.detail)).toEqual(['HTTP 500', 'HTTP 200']);

    answer = 500;
    await s.engine.pauseDeployment(id);
    await s.control.outbox.idle();
    for (const wait of [1, 5, 15]) {
      clock.advance(wait * MINUTE_MS);
      await s.engine.settle();
      await s.control.outbox.idle();
    }
    const [alert] = s.alerts.list({ kinds: ['control_failed'] });
    expect(alert!.message).toMatch(
      /^chat-70b is still running: Burnrate stopped billing it at 01:01 but the instance did not stop \(4 tries, the last: HTTP 500\)/,
    );
    expect(new Set(r.deliveries.slice(2).map((d) => d.id)).size).toBe(1);
  });

  it('a receiver that does not answer in time counts as failed', async () => {
    const server = http.createServer(() => undefined); // never answers
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    cleanups.push(() => {
      server.closeAllConnections();
      return new Promise((res) => server.close(res));
    });
    const { s, id } = await setup(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    await s.engine.startDeployment(id);
    await s.control.outbox.idle();
    expect(s.control.view(id).history[0]!.tries[0]!.detail).toBe('no answer within 5 s');
  });

  it('the secret is never returned by the control view', async () => {
    const r = await receiver(() => 200);
    const { s, id } = await setup(r.url);
    expect(JSON.stringify(s.control.view(id))).not.toContain(SECRET);
    expect(s.control.view(id).control).toMatchObject({ kind: 'webhook', hasSecret: true });
  });
});

describe('a webhook URL or verify URL with a token in its query string', () => {
  it('is shown without it in the view, the history and the control_failed alert, and saving the shown form keeps the token', async () => {
    const r = await receiver(() => 500);
    const { s, clock, id } = await setup(`${r.url}?token=s3cr3t`);
    // A verify URL with a token too (nothing listens there: it says "not serving" after the start).
    await s.control.set(id, { kind: 'webhook', url: `${r.url}?token=s3cr3t`, secret: SECRET, verifyUrl: 'http://127.0.0.1:9/health?key=s3cr3t' });
    await s.engine.startDeployment(id);
    await s.control.outbox.idle();
    for (const wait of [1, 5, 15]) {
      clock.advance(wait * MINUTE_MS);
      await s.engine.settle();
      await s.control.outbox.idle();
    }
    const dto = controlViewDto(s.control.view(id), null);
    expect(dto.control).toMatchObject({ url: `${r.url}?…`, verifyUrl: 'http://127.0.0.1:9/health?…' });
    expect(dto.history[0]!.tries).toHaveLength(4);
    expect(controlHistoryLines(dto).join('\n')).not.toContain('s3cr3t');
    expect(JSON.stringify(dto)).not.toContain('s3cr3t');
    const alerts = s.alerts.list({ kinds: ['control_failed'] });
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(alerts)).not.toContain('s3cr3t');
    // The receiver was called at the real URL, token included.
    expect(r.deliveries).toHaveLength(4);
    // The UI sends back what it was shown: the stored URLs stay whole.
    await s.control.set(id, {
      kind: 'webhook',
      url: dto.control!.kind === 'webhook' ? dto.control!.url : '',
      secret: SECRET,
      verifyUrl: dto.control!.verifyUrl,
    });
    expect(s.control.view(id).control).toMatchObject({ url: `${r.url}?token=s3cr3t`, verifyUrl: 'http://127.0.0.1:9/health?key=s3cr3t' });
  });

  it('a verify check that disagrees names the URL without its token in the alert', async () => {
    const r = await receiver(() => 204);
    const { s, clock, id } = await setup(r.url);
    const verifyUrl = `http://127.0.0.1:${await freePort()}/health?key=s3cr3t`;
    await s.control.set(id, { kind: 'webhook', url: r.url, secret: SECRET, verifyUrl });
    await s.engine.startDeployment(id);
    await s.control.outbox.idle();
    clock.advance(16 * MINUTE_MS);
    await s.engine.settle();
    await s.control.outbox.idle();
    const [alert] = s.alerts.list({ kinds: ['control_failed'] });
    expect(alert!.message).toContain(`${verifyUrl.split('?')[0]}?… does not answer`);
    expect(alert!.message).not.toContain('s3cr3t');
  });
});
