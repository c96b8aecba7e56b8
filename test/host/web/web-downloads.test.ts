import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { createHandlerTable } from '../../../main/host/handlers/handler-table.js';
import { startWebHost, type WebHost } from '../../../main/host/web/web-server.js';
import { parseCsvRecords } from '../../support/csv.js';
import { openEvents, send } from './web-client.js';

const T0 = Date.parse('2025-03-03T09:00:00Z');
let services: Services | null = null;
let host: WebHost | null = null;
let exportsDir = '';

async function start() {
  const rendererDir = mkdtempSync(path.join(tmpdir(), 'burnrate-web-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Burnrate UI</title>');
  exportsDir = path.join(mkdtempSync(path.join(tmpdir(), 'burnrate-data-')), 'exports');
  services = await openServices({ dataDir: ':memory:', clock: new SimulatedClock(T0), env: {} });
  host = await startWebHost({ services, table: createHandlerTable(), rendererDir, version: '0.0.0-test', exportsDir });
  await services.engine.createCoupon({ code: 'WELCOME', credits: 5000 });
  await services.engine.redeemCoupon('welcome');
  const d = await services.engine.createDeployment({ name: 'llama', model: 'llama-3-70b', paramsB: 70, precision: 'fp16', tier: 'L' });
  await services.engine.startDeployment(d.id);
  return { host, services };
}

afterEach(async () => {
  await host?.close();
  await services?.close();
  host = null;
  services = null;
});

const json = { 'content-type': 'application/json' };

async function exportCsv(h: WebHost, input: Record<string, unknown>): Promise<{ downloadUrl: string; fileName: string; bytes: number; mimeType: string }> {
  const r = await send(h.port, 'POST', '/api/reports/export', { ...json, 'x-burnrate-token': h.token }, JSON.stringify(input));
  expect(r.status).toBe(200);
  return (JSON.parse(r.body) as { result: { downloadUrl: string; fileName: string; bytes: number; mimeType: string } }).result;
}

describe('web host: exports download once, by their one-time URL', () => {
  it('exports transactions, pushes progress, and the CSV read back matches the ledger', async () => {
    const { host, services } = await start();
    const events = await openEvents(host.port, host.token);
    const r = await exportCsv(host, { kind: 'transactions_csv', requestId: 'exp-1' });
    expect(r).toMatchObject({ fileName: 'burnrate-transactions-all-until-2025-03-03.csv', mimeType: 'text/csv; charset=utf-8' });
    expect(r.downloadUrl).toMatch(/^\/api\/download\/[A-Za-z0-9_-]{22}$/);
    await events.waitFor((e) => e.event === 'reports/progress' && (e.data as { done: boolean }).done);
    expect(events.events.find((e) => e.event === 'reports/progress')?.data).toMatchObject({ requestId: 'exp-1', kind: 'transactions_csv' });
    events.stop();

    const file = await send(host.port, 'GET', r.downloadUrl, { 'x-burnrate-token': host.token });
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${r.fileName}"; filename*=UTF-8''${r.fileName}`);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(Buffer.byteLength(file.body)).toBe(r.bytes);
    const rows = parseCsvRecords(file.body.replace(/^\uFEFF/, ''));
    expect(Object.keys(rows[0]!)).toEqual(['date', 'type', 'description', 'credits', 'usd', 'balance_after', 'reference']);
    expect(rows.map((x) => x.type)).toEqual(['coupon', 'charge']);
    expect(rows.reduce((n, x) => n + Number(x.credits), 0)).toBe(services.engine.ledger.balance());

    // Once only: the id is forgotten, and the file leaves the host's folder.
    expect((await send(host.port, 'GET', r.downloadUrl, { 'x-burnrate-token': host.token })).status).toBe(404);
    await host.close();
    expect(readdirSync(exportsDir)).toEqual([]);
  });

  it('the one-time URL is the capability: a plain link (no header, no cookie: a browser download sends neither) works once', async () => {
    const { host } = await start();
    const r = await exportCsv(host, { kind: 'daily_cost_csv' });
    expect(r.downloadUrl).toMatch(/^\/api\/download\/[A-Za-z0-9_-]{22}$/);
    const file = await send(host.port, 'GET', r.downloadUrl);
    expect(file.status).toBe(200);
    expect(file.body).toMatch(/^\uFEFF?date,deployment_id,name,hours,credits,usd/);
    expect((await send(host.port, 'GET', r.downloadUrl)).status).toBe(404);
  });

  it.each([
    ['an unknown id', () => `/api/download/${'A'.repeat(22)}`],
    ['a path instead of an id', () => '/api/download/..%2F..%2Fetc%2Fpasswd'],
    ['an empty id', () => '/api/download/'],
    ['the id with one character changed', (url: string) => url.slice(0, -1) + (url.endsWith('A') ? 'B' : 'A')],
  ] as const)('refuses %s (404) and keeps the file for its rightful download', async (_why, url) => {
    const { host } = await start();
    const r = await exportCsv(host, { kind: 'transactions_csv' });
    const bad = await send(host.port, 'GET', url(r.downloadUrl), { 'x-burnrate-token': host.token });
    expect(bad.status).toBe(404);
    expect(bad.headers['content-disposition']).toBeUndefined();
    expect((await send(host.port, 'GET', r.downloadUrl)).status).toBe(200);
  });

  it('a refused export leaves no file and no download', async () => {
    const { host } = await start();
    const r = await send(
      host.port,
      'POST',
      '/api/reports/export',
      { ...json, 'x-burnrate-token': host.token },
      JSON.stringify({ kind: 'receipt_pdf', purchaseId: 'pi_nope' }),
    );
    // A refusal is an answer (200 with the error envelope), not a failed request.
    expect(r.status).toBe(200);
    expect((JSON.parse(r.body) as { error?: { code: string } }).error?.code).toBeTruthy();
    expect(existsSync(exportsDir) ? readdirSync(exportsDir) : []).toEqual([]);
  });

  it('a dot-dot path never reaches the exports folder (it is only ever the app page)', async () => {
    const { host } = await start();
    await exportCsv(host, { kind: 'transactions_csv' });
    const r = await send(host.port, 'GET', '/api/download/../../package.json', { 'x-burnrate-token': host.token });
    expect(r.headers['content-disposition']).toBeUndefined();
    expect(r.body).not.toContain('"name": "burnrate"');
  });
});

describe('web host: alerts/raised', () => {
  it('pushes a newly recorded alert on the event stream', async () => {
    const { host, services } = await start();
    await host.hub.refresh();
    const events = await openEvents(host.port, host.token);
    services.alerts.raise({ kind: 'low_balance', severity: 'warning', title: 'Balance below 1,000', message: 'Top up soon.', dedupeKey: 'test-low-1', at: T0 });
    await host.hub.refresh();
    await events.waitFor((e) => e.event === 'alerts/raised');
    expect(events.events.filter((e) => e.event === 'alerts/raised').map((e) => e.data)).toEqual([
      expect.objectContaining({ kind: 'low_balance', severity: 'warning', title: 'Balance below 1,000', read: false, at: new Date(T0).toISOString() }),
    ]);
    events.stop();
  });
});
