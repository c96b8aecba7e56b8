import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { dispatch } from '../../../main/host/handlers/dispatch.js';
import { createHandlerTable } from '../../../main/host/handlers/handler-table.js';
import type { HandlerContext } from '../../../main/host/handlers/handler-types.js';
import type { ExportProgress } from '../../../preload/contract.js';

const table = createHandlerTable();
let services: Services;
let dir: string;
let chosen: string | null;
let progress: ExportProgress[];
let ctx: HandlerContext;

beforeEach(async () => {
  services = await openServices({ dataDir: ':memory:', clock: new SimulatedClock(Date.parse('2025-03-03T09:00:00Z')), env: {} });
  dir = mkdtempSync(path.join(tmpdir(), 'burnrate-save-'));
  chosen = path.join(dir, 'books.csv');
  progress = [];
  // The Electron shell's capabilities, without Electron: a "save dialog" answering `chosen`, and the push channel.
  ctx = {
    services,
    transport: 'electron',
    testControls: false,
    version: '0.0.0-test',
    host: {
      chooseSavePath: () => Promise.resolve(chosen),
      push: (event, payload) => {
        if (event === 'reports/progress') progress.push(payload as ExportProgress);
      },
    },
  };
  await services.engine.createCoupon({ code: 'WELCOME', credits: 5000 });
  await services.engine.redeemCoupon('welcome');
});
afterEach(async () => services.close());

const call = async (input: unknown) => (await dispatch(table, ctx, 'reports/export', input)).reply;

describe('reports/export', () => {
  it.each([
    [{ kind: 'everything_csv' }, 'invalid_input'],
    [{}, 'invalid_input'],
    [{ kind: 'transactions_csv', from: 'yesterday' }, 'invalid_input'],
    [{ kind: 'transactions_csv', from: '2025-03-02T00:00:00Z', to: '2025-03-01T00:00:00Z' }, 'invalid_range'],
    [{ kind: 'monthly_statement_pdf', month: '2025-13' }, 'invalid_input'],
    [{ kind: 'monthly_statement_pdf', month: '2025-02', from: '2025-02-01T00:00:00Z' }, 'invalid_option'],
    [{ kind: 'transactions_csv', purchaseId: 'pi_123' }, 'invalid_option'],
    [{ kind: 'receipt_pdf' }, 'missing_payment_id'],
    [{ kind: 'receipt_pdf', purchaseId: 'pi_unknown' }, 'unknown_payment'],
    [{ kind: 'receipt_pdf', purchaseId: '../../etc/passwd' }, 'invalid_input'],
    [{ kind: 'transactions_csv', requestId: 'x'.repeat(65) }, 'invalid_input'],
    [{ kind: 'transactions_csv', out: '/tmp/x.csv' }, 'invalid_input'],
    [{ kind: 'transactions_csv', fromDate: 'March' }, 'invalid_input'],
    [{ kind: 'transactions_csv', fromDate: '2025-03-03', from: '2025-03-03T00:00:00Z' }, 'invalid_option'],
    [{ kind: 'monthly_statement_pdf', month: '2025-02', fromDate: '2025-02-01' }, 'invalid_option'],
  ])('%j → %s, and nothing is written', async (input, code) => {
    const r = await call(input);
    expect(r).toMatchObject({ error: { code } });
    expect(readdirSync(dir)).toEqual([]);
    expect(progress).toEqual([]);
  });

  it('writes where the save dialog says, with progress, and reports the bytes', async () => {
    const r = await call({ kind: 'transactions_csv', requestId: 'r-1' });
    const bytes = readFileSync(chosen!).length;
    expect(r).toEqual({
      result: { fileName: 'burnrate-transactions-all-until-2025-03-03.csv', mimeType: 'text/csv; charset=utf-8', bytes, savedTo: chosen, downloadUrl: null },
    });
    expect(readFileSync(chosen!, 'utf8')).toMatch(/coupon/);
    expect(progress[progress.length - 1]).toEqual({ requestId: 'r-1', kind: 'transactions_csv', rowsDone: 1, done: true });
  });

  it.each([
    [{ kind: 'transactions_csv', format: 'pdf' }, 'unsupported_format'],
    [{ kind: 'transactions_csv', format: 'csv', fromDate: '2025-13', purchaseId: 'x' }, 'invalid_date'],
    [{ kind: 'transactions_csv', format: 'csv', purchaseId: 'pi_1' }, 'invalid_option'],
    [{ kind: 'receipt_pdf', format: 'pdf', purchaseId: 'not an id' }, 'unknown_payment'],
  ])('with a format (the CLI), %j is refused in the CLI’s words: %s, and nothing is written', async (input, code) => {
    expect(await call(input)).toMatchObject({ error: { code } });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with a format (the CLI), takes a month as YYYY-MM and reports what it wrote', async () => {
    const r = await call({ kind: 'transactions_csv', format: 'csv', fromDate: '2025-03', toDate: '2025-03' });
    expect(r).toMatchObject({
      result: {
        savedTo: chosen,
        report: { kind: 'transactions', format: 'csv', out: chosen, rows: 1, from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' },
      },
    });
  });

  it.each([
    ['2025-03-03', 1],
    ['2025-03-04', 0],
  ])('takes local days (the Settings zone) like the transactions filter: from %s → %i row(s)', async (day, rows) => {
    await dispatch(table, ctx, 'settings/update', { timeZone: 'Pacific/Auckland' });
    // 09:00 UTC on the 3rd is 22:00 on the 3rd in Auckland (UTC+13).
    await call({ kind: 'transactions_csv', fromDate: day, toDate: day });
    expect(readFileSync(chosen!, 'utf8').trim().split(/\r?\n/).length - 1).toBe(rows);
  });

  it('a cancelled save dialog writes nothing', async () => {
    chosen = null;
    expect(await call({ kind: 'daily_cost_csv' })).toMatchObject({ result: { savedTo: null, downloadUrl: null, bytes: 0 } });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the monthly statement for a month as a PDF', async () => {
    chosen = path.join(dir, 'march.pdf');
    expect(await call({ kind: 'monthly_statement_pdf', month: '2025-03' })).toMatchObject({
      result: { fileName: 'burnrate-statement-2025-03.pdf', mimeType: 'application/pdf', savedTo: chosen },
    });
    expect(readFileSync(chosen).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a host that can neither save nor download refuses', async () => {
    ctx = { ...ctx, host: {} };
    expect(await call({ kind: 'transactions_csv' })).toMatchObject({ error: { code: 'not_available' } });
    expect(existsSync(chosen!)).toBe(false);
  });
});
