import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../main/core/clock.js';
import type { Services } from '../../../main/core/services.js';
import { sumCounter } from '../../../main/core/usage/prometheus-text.js';
import { usageHours } from '../../../main/core/usage/usage-queries.js';
import { UsageScraper } from '../../../main/core/usage/usage-scrape.js';
import { memoryServices } from '../schedules/services-fixture.js';

const metrics = (a: number, b: number) => `# HELP vllm:request_success_total Count of successfully processed requests.
# TYPE vllm:request_success_total counter
vllm:request_success_total{finished_reason="stop",model_name="llama-3-8b"} ${a}
vllm:request_success_total{finished_reason="length",model_name="llama-3-8b"} ${b}
vllm:request_success_created{finished_reason="stop",model_name="llama-3-8b"} 1.7e9
vllm:num_requests_running{model_name="llama-3-8b"} 3
`;

describe('Prometheus text', () => {
  it.each([
    ['sums every series of the counter', metrics(100, 20), 120],
    ['a series without labels', 'vllm:request_success_total 42\n', 42],
    ['labels with braces inside quotes', 'vllm:request_success_total{model_name="a}b"} 5 1700000000000\n', 5],
    ['absent counter', 'vllm:num_requests_running 3\n', null],
    ['a metric sharing the prefix is not the counter', 'vllm:request_success_total_other 9\n', null],
  ])('%s', (_l, text, want) => expect(sumCounter(text)).toBe(want));
});

describe('scraping vLLM /metrics', () => {
  let server: http.Server | null = null;
  let open: Services | null = null;
  afterEach(async () => {
    await open?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
    open = null;
  });

  it('the first scrape sets a baseline; later ones add the increase to the current hour; a restart counts from zero', async () => {
    let body = metrics(100, 20);
    server = http.createServer((_req, res) => res.end(body));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    const { s, clock } = await memoryServices('2026-03-02T09:10:00Z');
    open = s;
    const d = await s.engine.createDeployment({ name: 'chat', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' });
    s.usage.setTarget(d.id, url);
    expect(await s.usage.scrape()).toEqual([{ deploymentId: d.id, ok: true, requests: 0, error: null }]);
    body = metrics(130, 25);
    clock.advance(10 * 60_000);
    expect((await s.usage.scrape(d.id))[0]!.requests).toBe(35);
    body = metrics(4, 1); // the server restarted
    clock.advance(HOUR_MS);
    expect((await s.usage.scrape(d.id))[0]!.requests).toBe(5);
    expect(usageHours(s.engine.db, d.id, 0, Date.parse('2026-03-03T00:00:00Z'))).toEqual([
      { hourStart: Date.parse('2026-03-02T09:00:00Z'), requests: 35 },
      { hourStart: Date.parse('2026-03-02T10:00:00Z'), requests: 5 },
    ]);
  });

  it('a reading taken while another scrape of the same target was recorded adds nothing (two processes at once count an increase once)', async () => {
    const { s } = await memoryServices('2026-03-02T09:10:00Z');
    open = s;
    const d = await s.engine.createDeployment({ name: 'chat', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' });
    s.usage.setTarget(d.id, 'http://10.0.0.5:8000/metrics');
    let value = 100;
    const quick = new UsageScraper(s.engine, () => Promise.resolve(metrics(value, 0)));
    await quick.scrape();
    value = 130;
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    // Reads the target (baseline 100) now, gets its answer (130) only after the quick one recorded the same increase.
    const slow = new UsageScraper(s.engine, () => answered.then(() => metrics(130, 0)));
    const late = slow.scrape();
    expect((await quick.scrape())[0]!.requests).toBe(30);
    answer();
    expect(await late).toEqual([{ deploymentId: d.id, ok: true, requests: 0, error: null }]);
    expect(usageHours(s.engine.db, d.id, 0, Date.parse('2026-03-03T00:00:00Z'))).toEqual([{ hourStart: Date.parse('2026-03-02T09:00:00Z'), requests: 30 }]);
  });

  it('a failing endpoint is reported, not thrown, and records nothing', async () => {
    server = http.createServer((_req, res) => {
      res.statusCode = 503;
      res.end('down');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const { s } = await memoryServices('2026-03-02T09:10:00Z');
    open = s;
    const d = await s.engine.createDeployment({ name: 'chat', model: 'm', paramsB: 8, precision: 'fp16', tier: 'S' });
    s.usage.setTarget(d.id, `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics?token=s3cret`);
    const [r] = await s.usage.scrape();
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/HTTP 503/) });
    // Every member reads the error (usage/targets, the replica): it names the URL as members see it, never its token.
    expect(s.usage.targets()[0]!.lastError).toMatch(/\/metrics\?token=\*\*\* answered HTTP 503/);
    expect(s.usage.targets()[0]!.lastError).not.toContain('s3cret');
  });

  it.each(['ftp://x/metrics', 'not a url', 'http://scraper:s3cret@10.0.0.5:8000/metrics', 'https://glpat-token@10.0.0.5/metrics'])(
    'metrics URL %s is refused',
    async (url) => {
      const { s } = await memoryServices('2026-03-02T09:10:00Z');
      open = s;
      const d = await s.engine.createDeployment({ name: 'chat', model: 'm', paramsB: 8, precision: 'fp16', tier: 'S' });
      expect(() => s.usage.setTarget(d.id, url)).toThrow(/URL/);
    },
  );
});
