import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_KINDS } from '../../../main/core/ledger/entry-types.js';
import { parseDateRange } from '../../../main/core/reports/export-range.js';
import { exportReport } from '../../../main/core/reports/export-report.js';
import { MAX_LISTED_ENTRIES } from '../../../main/core/reports/statement-data.js';
import { KIND_LABELS } from '../../../main/core/reports/statement-pdf.js';
import { timeZoneSchema } from '../../../main/core/settings/engine-settings.js';
import { memoryEngine, tempDir } from '../../support/engine-fixture.js';
import { startPaymentsFixture } from '../payments/payments-fixture.js';
import { buildWorld, dropWorld, num, pdfText, type ReportWorld, recordEntry, sql, ZONE } from './report-fixture.js';

let w: ReportWorld;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => dropWorld(w));

const NUM = '([+-]?[\\d,]+)';

/** The figure on the line starting with `label` in one month's text. */
function figure(text: string, label: string, withCount: boolean): { count: number; credits: number } {
  const re = new RegExp(`^\\s*${label}\\s+${withCount ? '(\\d+)\\s+' : ''}${NUM}\\s+-?\\$`, 'm');
  const m = re.exec(text);
  if (!m) throw new Error(`no line for ${label} in:\n${text}`);
  return withCount ? { count: Number(m[1]), credits: num(m[2]!) } : { count: 0, credits: num(m[1]!) };
}

describe('monthly statement PDF', () => {
  it('shows, for March and April, opening + every movement = closing, each figure equal to the ledger', async () => {
    const range = parseDateRange('2026-03', '2026-04', ZONE);
    const r = await exportReport(w.engine, { kind: 'statement', format: 'pdf', out: path.join(w.outDir, 'statement.pdf'), ...range });
    expect(r.months).toBe(2);
    const months = pdfText(r.out).split('Monthly statement — ').slice(1);
    expect(months.map((m) => m.split('\n')[0]!.trim())).toEqual(['March 2026', 'April 2026']);
    const bounds = [
      [range.from!, Date.parse('2026-03-31T22:00:00Z')],
      [Date.parse('2026-03-31T22:00:00Z'), range.to!],
    ] as const;
    months.forEach((text, i) => {
      const [lo, hi] = bounds[i]!;
      const opening = figure(text, 'Opening balance', false).credits;
      const closing = figure(text, 'Closing balance', false).credits;
      expect(opening).toBe(sql(w.engine, 'SELECT COALESCE(SUM(credits), 0) FROM ledger_entries WHERE at < ?', lo));
      expect(closing).toBe(sql(w.engine, 'SELECT COALESCE(SUM(credits), 0) FROM ledger_entries WHERE at < ?', hi));
      let moved = 0;
      for (const kind of ENTRY_KINDS) {
        const f = figure(text, KIND_LABELS[kind], true);
        expect(f.count).toBe(sql(w.engine, 'SELECT COUNT(*) FROM ledger_entries WHERE kind = ? AND at >= ? AND at < ?', kind, lo, hi));
        expect(f.credits).toBe(sql(w.engine, 'SELECT COALESCE(SUM(credits), 0) FROM ledger_entries WHERE kind = ? AND at >= ? AND at < ?', kind, lo, hi));
        moved += f.credits;
      }
      expect(opening + moved).toBe(closing);
      const deps = w.engine.db
        .prepare(
          "SELECT deployment_id AS id, COUNT(*) AS hours, -SUM(credits) AS credits FROM ledger_entries WHERE kind = 'charge' AND at >= ? AND at < ? GROUP BY deployment_id",
        )
        .all(lo, hi) as { id: number; hours: number; credits: number }[];
      expect(deps.length).toBeGreaterThan(0);
      for (const d of deps) {
        const m = new RegExp(`^\\s*\\S.*?\\s+${d.id}\\s+${NUM}\\s+${NUM}\\s+\\$`, 'm').exec(text);
        expect(m && { hours: num(m[1]!), credits: num(m[2]!) }).toEqual({ hours: d.hours, credits: d.credits });
      }
      expect(text).toContain('Daily spend');
    });
    expect(r.opening! + r.totalCredits).toBe(r.closing);
    expect(r.closing).toBe(w.engine.ledger.balance());
  });

  it('defaults to the current local month and lists the non-charge transactions with their references', async () => {
    const r = await exportReport(w.engine, { kind: 'statement', format: 'pdf', out: path.join(w.outDir, 'current.pdf') });
    const text = pdfText(r.out);
    expect(text).toContain('April 2026');
    expect(text).toContain('pi_test_3');
    expect(text).not.toContain('pi_test_1');
  });

  it('shows whole payment and refund ids, and a refund larger than the balance as a shortfall', async () => {
    const f = await startPaymentsFixture();
    try {
      f.engine.settings.set('app.timeZone', timeZoneSchema, 'UTC');
      const card = await f.payments.addCard('pm_card_visa');
      const bought = await f.payments.buy({ pack: '100', card: card.id });
      const d = await f.engine.createDeployment({ name: 'big', model: 'llama-3-70b', paramsB: 70, precision: 'fp16', tier: 'L' });
      await f.engine.startDeployment(d.id);
      f.clock.advance(20 * 3_600_000);
      await f.engine.settle();
      const left = f.engine.ledger.balance();
      const refund = await f.stripe.refunds.create({ payment_intent: bought.paymentIntent! });
      await f.payments.sync();
      const r = await exportReport(f.engine, { kind: 'statement', format: 'pdf', out: path.join(f.dir, 'refund.pdf') });
      const text = pdfText(r.out).replace(/\s+/g, ' ');
      expect(text).toContain(bought.paymentIntent!);
      expect(text).toContain(refund.id);
      expect(text).toContain(`Stripe refunded 10,000 credits ($100.00); the balance held ${left.toLocaleString('en-US')} of them`);
      expect(text).toContain(`so ${(10_000 - left).toLocaleString('en-US')} credits`);
    } finally {
      await f.stop();
    }
  });

  it.each([
    { entries: 120, listed: 120 },
    { entries: MAX_LISTED_ENTRIES + 20, listed: MAX_LISTED_ENTRIES },
  ])('breaks $entries transactions across pages (listing $listed) with the header repeated', async ({ entries, listed }) => {
    const { engine, clock } = memoryEngine(Date.parse('2026-05-01T00:00:00Z'));
    engine.settings.set('app.timeZone', timeZoneSchema, 'UTC');
    for (let i = 0; i < entries; i++) {
      recordEntry(engine, 'adjustment', 100 + i, `ADJ-${String(i).padStart(4, '0')}`, `Adjustment ${i}`);
      clock.advance(60_000);
    }
    const dir = tempDir();
    const r = await exportReport(engine, { kind: 'statement', format: 'pdf', out: path.join(dir, 'long.pdf') });
    const text = pdfText(r.out);
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(2);
    expect(text).toContain(`Page ${pages.length} of ${pages.length}`);
    expect(pages.slice(1).every((p) => /Date\s+Type\s+Description/.test(p))).toBe(true);
    const refs = new Set(text.match(/ADJ-\d{4}/g));
    expect(refs.size).toBe(listed);
    if (entries > listed) expect(text).toContain(`and ${entries - listed} more`);
    expect(figure(text, 'Closing balance', false).credits).toBe(engine.ledger.balance());
    engine.close();
  });
});
