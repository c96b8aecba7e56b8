import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../main/core/services.js';
import { usageHours } from '../../../main/core/usage/usage-queries.js';
import { PushHub } from '../../../main/host/handlers/push-hub.js';
import { USAGE_SCRAPE_EVERY_MS } from '../../../main/host/handlers/usage-scrape-schedule.js';
import { memoryServices } from '../../core/schedules/services-fixture.js';

const counter = (n: number) => `# TYPE vllm:request_success_total counter\nvllm:request_success_total{model_name="m"} ${n}\n`;

/**
 * The app hosts scrape each deployment's vLLM /metrics on their heartbeat
 * (the hub's refresh), at most once a minute of wall time, in the background,
 * so idle detection and cost per 1,000 requests have counts without the CLI.
 */
describe('push hub: usage scraped on the heartbeat', () => {
  let server: http.Server | null = null;
  let services: Services | null = null;
  let hub: PushHub | null = null;
  afterEach(async () => {
    await hub?.paymentsSynced();
    await services?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
  });

  it('scrapes once per minute, counting the increase, and does nothing without a metrics URL', async () => {
    let total = 100;
    let hits = 0;
    server = http.createServer((_req, res) => {
      hits += 1;
      res.end(counter(total));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const { s } = await memoryServices('2026-03-02T09:10:00Z');
    services = s;
    let wall = Date.parse('2026-03-02T09:10:00Z');
    hub = new PushHub(s, { now: () => wall });
    const beat = async (ms: number) => {
      wall += ms;
      await hub!.refresh();
      await hub!.paymentsSynced();
    };

    await beat(0);
    expect(hits).toBe(0); // no deployment has a metrics URL
    const d = await s.engine.createDeployment({ name: 'chat', model: 'm', paramsB: 8, precision: 'fp16', tier: 'S' });
    s.usage.setTarget(d.id, `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    await beat(1_000); // the baseline
    total = 130;
    await beat(30_000); // inside the minute: not again
    expect(hits).toBe(1);
    await beat(USAGE_SCRAPE_EVERY_MS);
    expect(hits).toBe(2);
    expect(usageHours(s.engine.db, d.id, 0, Number.MAX_SAFE_INTEGER).map((h) => h.requests)).toEqual([30]);
  });
});
