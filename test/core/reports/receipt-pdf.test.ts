import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefusedError } from '../../../main/core/errors.js';
import { exportReport } from '../../../main/core/reports/export-report.js';
import { receiptLookupFrom } from '../../../main/core/reports/receipt-data.js';
import { MERCHANT } from '../../../main/core/reports/receipt-pdf.js';
import { formatUsd } from '../../../main/core/money.js';
import { buildWorld, dropWorld, filesIn, num, pdfText, type ReportWorld } from './report-fixture.js';
import { startPaymentsFixture } from '../payments/payments-fixture.js';

let w: ReportWorld;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => dropWorld(w));

function entryOf(ref: string) {
  return w.engine.db
    .prepare("SELECT id, kind, credits, balance_after AS balanceAfter FROM ledger_entries WHERE reference = ? AND kind IN ('purchase', 'refill')")
    .get(ref) as {
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

  it('adds the card and receipt email the payments module recorded (a real purchase through the sandbox)', async () => {
    const f = await startPaymentsFixture();
    try {
      await f.payments.setEmail('lead@example.com');
      const card = await f.payments.addCard('pm_card_visa');
      const bought = await f.payments.buy({ pack: '20', card: card.id });
      const lookup = receiptLookupFrom({ payments: f.payments });
      const out = path.join(w.outDir, 'card.pdf');
      const r = await exportReport(f.engine, { kind: 'receipt', format: 'pdf', out, paymentId: bought.paymentIntent! }, { receiptDetails: lookup });
      const text = pdfText(r.out);
      expect(text).toMatch(/Card\s+Visa ending 4242/);
      expect(text).toMatch(/Receipt email\s+lead@example\.com/);
    } finally {
      await f.stop();
    }
  });

  it('a ledger payment the payments module does not know gets a receipt without the card', async () => {
    const f = await startPaymentsFixture();
    try {
      const lookup = receiptLookupFrom({ payments: f.payments });
      const r = await exportReport(
        w.engine,
        { kind: 'receipt', format: 'pdf', out: path.join(w.outDir, 'unknown-to-payments.pdf'), paymentId: 'pi_test_1' },
        { receiptDetails: lookup },
      );
      expect(pdfText(r.out)).toContain('pi_test_1');
      expect(pdfText(r.out)).not.toMatch(/^\s*Card\s/m);
    } finally {
      await f.stop();
    }
  });

  it.each([
    [
      'the payments module does not know the payment (a refusal)',
      () => {
        throw new RefusedError('unknown_payment', 'no such payment');
      },
    ],
    ['the lookup cannot reach anything (offline)', () => Promise.reject(new Error('network down'))],
  ])('still writes the receipt, without the card, when %s', async (_what, receiptDetails) => {
    const r = await exportReport(
      w.engine,
      { kind: 'receipt', format: 'pdf', out: path.join(w.outDir, 'offline.pdf'), paymentId: 'pi_test_1' },
      { receiptDetails },
    );
    expect(pdfText(r.out)).toContain('pi_test_1');
    expect(pdfText(r.out)).not.toMatch(/^\s*Card\s/m);
  });

  it('a programming error in the lookup is thrown, not hidden behind a receipt without a card, and writes nothing', async () => {
    const before = filesIn(w.outDir);
    const bug = () => (undefined as unknown as { receipt(): never }).receipt();
    await expect(
      exportReport(w.engine, { kind: 'receipt', format: 'pdf', out: path.join(w.outDir, 'bug.pdf'), paymentId: 'pi_test_1' }, { receiptDetails: bug }),
    ).rejects.toBeInstanceOf(TypeError);
    expect(filesIn(w.outDir)).toEqual(before);
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
