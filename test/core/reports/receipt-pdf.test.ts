import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefusedError } from '../../../main/core/errors.js';
import { exportReport } from '../../../main/core/reports/export-report.js';
import { receiptLookupFrom } from '../../../main/core/reports/receipt-data.js';
import { MERCHANT } from '../../../main/core/reports/receipt-pdf.js';
import { formatUsd } from '../../../main/core/money.js';
import { buildWorld, dropWorld, filesIn, num, pdfText, type ReportWorld } from './report-fixture.js';

let w: ReportWorld;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => dropWorld(w));

function entryOf(ref: string) {
  return w.engine.db.prepare("SELECT id, kind, credits, balance_after AS balanceAfter FROM ledger_entries WHERE reference = ? AND kind IN ('purchase', 'refill')").get(ref) as {
    id: number;
    kind: string;
    credits: number;
    balanceAfter: number;
  };
}

describe('purchase receipt PDF', () => {
  it.each(['pi_test_1', 'pi_test_2', 'pi_test_3'])('%s: merchant, amount, credits, payment id and balance after from the ledger', async (pi) => {
    const r = await exportReport(w.engine, { kind: 'receipt', format: 'pdf', out: path.join(w.outDir, `${pi}.pdf`), paymentId: pi });
    const e = entryOf(pi);
    const text = pdfText(r.out);
    expect(text).toContain(MERCHANT);
    expect(text).toMatch(new RegExp(`Amount\\s+\\${formatUsd(e.credits)} USD`));
    expect(num(/Credits\s+([\d,]+) credits/.exec(text)![1]!)).toBe(e.credits);
    expect(text).toMatch(new RegExp(`Payment ID\\s+${pi}\\b`));
    expect(num(/Balance after\s+([\d,]+) credits/.exec(text)![1]!)).toBe(e.balanceAfter);
    expect(text).toContain(e.kind === 'refill' ? 'automatic credit refill' : 'credit purchase');
    expect(text).not.toMatch(/^\s*Card\s/m);
    expect({ rows: r.rows, totalCredits: r.totalCredits, paymentId: r.paymentId }).toEqual({ rows: 1, totalCredits: e.credits, paymentId: pi });
  });

  it('adds the card and receipt email when the payments module knows them', async () => {
    const services = { ...w.services, payments: { receiptDetails: (id: string) => (id === 'pi_test_1' ? { cardBrand: 'visa', cardLast4: '4242', receiptEmail: 'lead@example.com' } : null) } };
    const lookup = receiptLookupFrom(services);
    expect(lookup).toBeDefined();
    const r = await exportReport(w.engine, { kind: 'receipt', format: 'pdf', out: path.join(w.outDir, 'card.pdf'), paymentId: 'pi_test_1' }, { receiptDetails: lookup });
    const text = pdfText(r.out);
    expect(text).toMatch(/Card\s+Visa ending 4242/);
    expect(text).toMatch(/Receipt email\s+lead@example\.com/);
  });

  it('still writes the receipt offline when the card lookup fails', async () => {
    const r = await exportReport(
      w.engine,
      { kind: 'receipt', format: 'pdf', out: path.join(w.outDir, 'offline.pdf'), paymentId: 'pi_test_1' },
      { receiptDetails: () => Promise.reject(new Error('network down')) },
    );
    expect(pdfText(r.out)).toContain('pi_test_1');
  });

  it.each([
    ['an unknown payment id', 'pi_nope', 'unknown_payment'],
    ['a coupon code, which is no payment', 'WELCOME', 'unknown_payment'],
    ['a refund id', 're_test_1', 'unknown_payment'],
    ['an empty id', ' ', 'missing_payment_id'],
  ])('refuses %s and writes nothing', async (_what, id, code) => {
    const before = filesIn(w.outDir);
    const err = await exportReport(w.engine, { kind: 'receipt', format: 'pdf', out: path.join(w.outDir, 'nope.pdf'), paymentId: id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as RefusedError).code).toBe(code);
    expect(filesIn(w.outDir)).toEqual(before);
  });
});
