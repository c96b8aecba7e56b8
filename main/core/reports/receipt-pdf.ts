import { DateTime } from 'luxon';
import { formatUsd } from '../money.js';
import { CONTENT_WIDTH, createPdf, PAGE, type Pdf, savePdf } from './pdf-doc.js';
import type { ReceiptData } from './receipt-data.js';
import { creditsText } from './statement-pdf.js';

/** The merchant name printed on receipts. */
export const MERCHANT = 'Burnrate credits';

/**
 * Writes a one-page PDF receipt for a credit purchase or auto-refill: merchant,
 * date, amount in USD, credits, payment id, card when known, balance after.
 */
export async function writeReceiptPdf(file: string, r: ReceiptData, timeZone: string, now: number): Promise<void> {
  const doc = await createPdf(`Receipt ${r.paymentId}`, now);
  const when = DateTime.fromMillis(r.entry.at, { zone: timeZone });
  doc.font('Helvetica-Bold').fontSize(20).text(MERCHANT, PAGE.margin, PAGE.margin);
  doc
    .font('Helvetica')
    .fontSize(12)
    .fillColor('#555555')
    .text(r.entry.kind === 'refill' ? 'Receipt — automatic credit refill' : 'Receipt — credit purchase');
  doc.fillColor('black').moveDown(1.5);
  doc
    .font('Helvetica-Bold')
    .fontSize(26)
    .text(`${formatUsd(r.entry.credits)} USD`);
  doc
    .font('Helvetica')
    .fontSize(11)
    .text(`paid on ${when.toFormat('d LLLL yyyy')}`)
    .moveDown(1.2);

  const card = cardText(r);
  const lines: [string, string][] = [
    ['Date', `${when.toFormat('yyyy-MM-dd HH:mm:ss')} (${timeZone})`],
    ['Amount', `${formatUsd(r.entry.credits)} USD`],
    ['Credits', `${creditsText(r.entry.credits)} credits`],
    ['Payment ID', r.paymentId],
    ...(card ? ([['Card', card]] as [string, string][]) : []),
    ...(r.details.receiptEmail ? ([['Receipt email', r.details.receiptEmail]] as [string, string][]) : []),
    ['Balance after', `${creditsText(r.entry.balanceAfter)} credits (${formatUsd(r.entry.balanceAfter)})`],
    ['Ledger entry', `#${r.entry.id}`],
  ];
  for (const [label, value] of lines) drawLine(doc, label, value);
  doc
    .moveDown(2)
    .fontSize(9)
    .fillColor('#555555')
    .text('100 credits = 1 USD. Credits never expire. Prepared offline from the Burnrate ledger.', PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  await savePdf(doc, file);
}

function drawLine(doc: Pdf, label: string, value: string): void {
  const y = doc.y;
  doc.font('Helvetica').fontSize(11).fillColor('#555555').text(label, PAGE.margin, y, { width: 130, lineBreak: false });
  doc.fillColor('black').text(value, PAGE.margin + 140, y, { width: CONTENT_WIDTH - 140 });
  doc.x = PAGE.margin;
  doc.moveDown(0.5);
}

function cardText(r: ReceiptData): string | null {
  const brand = r.details.cardBrand?.trim();
  const last4 = r.details.cardLast4?.trim();
  if (!brand && !last4) return null;
  const name = brand ? brand.charAt(0).toUpperCase() + brand.slice(1) : 'Card';
  return last4 ? `${name} ending ${last4}` : name;
}
