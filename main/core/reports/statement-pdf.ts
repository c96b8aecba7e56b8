import { DateTime } from 'luxon';
import type { EntryKind } from '../ledger/entry-types.js';
import { formatUsd } from '../money.js';
import { drawDailyBars } from './pdf-chart.js';
import { CONTENT_WIDTH, createPdf, heading, PAGE, type Pdf, savePdf, stampFooters } from './pdf-doc.js';
import { drawTable } from './pdf-table.js';
import type { StatementData } from './statement-data.js';

/** How each kind is named on a statement. */
export const KIND_LABELS: Readonly<Record<EntryKind, string>> = {
  purchase: 'Purchases',
  refill: 'Auto-refills',
  coupon: 'Coupons',
  refund: 'Refunds',
  reversal: 'Reversals',
  adjustment: 'Adjustments',
  charge: 'Deployment charges',
};

/** The order movements are listed in: money in, money back out, then spend. */
export const STATEMENT_ORDER: readonly EntryKind[] = ['purchase', 'refill', 'coupon', 'refund', 'reversal', 'adjustment', 'charge'];

/** A whole number of credits as "1,234" or "-1,234". */
export function creditsText(credits: number): string {
  return credits.toLocaleString('en-US');
}

/** A signed movement as "+1,234" / "-1,234" / "0". */
function signedText(credits: number): string {
  return credits > 0 ? `+${creditsText(credits)}` : creditsText(credits);
}

/**
 * Writes one statement per month into one PDF at `file`: summary (opening,
 * each kind of movement, closing), charges by deployment, a daily spend chart
 * and the non-charge transactions. Each month starts on a new page.
 */
export async function writeStatementPdf(file: string, months: readonly StatementData[], now: number): Promise<void> {
  const doc = await createPdf('Burnrate credits statement', now);
  months.forEach((m, i) => {
    if (i > 0) doc.addPage();
    drawMonth(doc, m, now);
  });
  stampFooters(
    doc,
    `Burnrate credits statement · prepared ${DateTime.fromMillis(now, { zone: months[0]?.timeZone ?? 'UTC' }).toFormat('yyyy-MM-dd HH:mm ZZ')}`,
  );
  await savePdf(doc, file);
}

function drawMonth(doc: Pdf, m: StatementData, now: number): void {
  const local = (ms: number) => DateTime.fromMillis(ms, { zone: m.timeZone });
  const lastDay = local(m.end - 1);
  doc.font('Helvetica-Bold').fontSize(18).text('Burnrate credits', PAGE.margin, PAGE.margin);
  doc.fontSize(14).text(`Monthly statement — ${local(m.start).toFormat('LLLL yyyy')}`);
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
  doc.text(`Period: ${local(m.start).toISODate()} to ${lastDay.toISODate()} (time zone ${m.timeZone})`);
  if (now < m.end) doc.text(`Month in progress: figures up to ${local(now).toFormat('yyyy-MM-dd HH:mm')}.`);
  doc.text('Amounts in credits (100 credits = 1 USD) and US dollars.');

  heading(doc, 'Summary');
  const rows: string[][] = [['Opening balance', '', creditsText(m.opening), formatUsd(m.opening)]];
  for (const kind of STATEMENT_ORDER) {
    const mv = m.movements.find((x) => x.kind === kind) ?? { kind, count: 0, credits: 0 };
    rows.push([KIND_LABELS[mv.kind], String(mv.count), signedText(mv.credits), formatUsd(mv.credits)]);
  }
  rows.push(['Closing balance', '', creditsText(m.closing), formatUsd(m.closing)]);
  drawTable(doc, summaryColumns(), rows, new Set([0, rows.length - 1]));
  const moved = m.movements.reduce((n, mv) => n + mv.credits, 0);
  doc
    .moveDown(0.3)
    .fontSize(9)
    .text(`Opening ${creditsText(m.opening)} + movements ${signedText(moved)} = closing ${creditsText(m.closing)} credits.`, PAGE.margin, doc.y);
  const shortfall = m.refunds.refundedCredits - m.refunds.debitedCredits;
  if (shortfall > 0) {
    doc
      .moveDown(0.2)
      .text(
        `Refunds: Stripe refunded ${creditsText(m.refunds.refundedCredits)} credits (${formatUsd(m.refunds.refundedCredits)}); the balance held ${creditsText(m.refunds.debitedCredits)} of them, so ${creditsText(shortfall)} credits (${formatUsd(shortfall)}) were refunded without being debited (reconciliation alert raised).`,
        PAGE.margin,
        doc.y,
        { width: CONTENT_WIDTH },
      );
  }

  heading(doc, 'Charges by deployment');
  if (m.chargesByDeployment.length === 0) doc.text('No deployment was charged in this period.');
  else {
    const total = m.chargesByDeployment.reduce((a, d) => ({ hours: a.hours + d.hours, credits: a.credits + d.credits }), { hours: 0, credits: 0 });
    const depRows = m.chargesByDeployment.map((d) => [d.name, String(d.deploymentId), creditsText(d.hours), creditsText(d.credits), formatUsd(d.credits)]);
    depRows.push(['Total charged', '', creditsText(total.hours), creditsText(total.credits), formatUsd(total.credits)]);
    drawTable(doc, deploymentColumns(), depRows, new Set([depRows.length - 1]));
  }

  heading(doc, 'Daily spend (credits charged per local day)');
  drawDailyBars(doc, m.daily);

  heading(doc, 'Transactions other than hourly charges');
  if (m.listed.length === 0) doc.text('None in this period.');
  else {
    const txRows = m.listed.map((e) => [local(e.at).toFormat('yyyy-MM-dd HH:mm'), e.kind, e.description, signedText(e.credits), e.reference ?? '']);
    drawTable(doc, transactionColumns(), txRows);
  }
  if (m.unlisted > 0) doc.moveDown(0.3).text(`… and ${creditsText(m.unlisted)} more: export the transactions CSV for the full list.`);
  doc
    .moveDown(0.3)
    .fontSize(9)
    .text(`${creditsText(m.entryCount)} ledger entries in this period, hourly charges summarised above.`, PAGE.margin, doc.y);
  doc.fontSize(10);
}

function summaryColumns() {
  const w = CONTENT_WIDTH;
  return [
    { title: 'Item', width: w * 0.4 },
    { title: 'Entries', width: w * 0.15, align: 'right' as const },
    { title: 'Credits', width: w * 0.25, align: 'right' as const },
    { title: 'USD', width: w * 0.2, align: 'right' as const },
  ];
}

function deploymentColumns() {
  const w = CONTENT_WIDTH;
  return [
    { title: 'Deployment', width: w * 0.36 },
    { title: 'ID', width: w * 0.1, align: 'right' as const },
    { title: 'Hours', width: w * 0.14, align: 'right' as const },
    { title: 'Credits', width: w * 0.2, align: 'right' as const },
    { title: 'USD', width: w * 0.2, align: 'right' as const },
  ];
}

function transactionColumns() {
  const w = CONTENT_WIDTH;
  return [
    { title: 'Date', width: w * 0.17 },
    { title: 'Type', width: w * 0.1, shrink: true },
    { title: 'Description', width: w * 0.31 },
    { title: 'Credits', width: w * 0.12, align: 'right' as const },
    // A payment id an accountant matches against Stripe must never be cut: shrink it instead.
    { title: 'Reference', width: w * 0.3, shrink: true },
  ];
}
