import { ensureSpace, PAGE, CONTENT_WIDTH, type Pdf } from './pdf-doc.js';

/**
 * Draws daily spend as vector bars (pdfkit rectangles and lines, no images):
 * one bar per day scaled to the busiest day, the peak labelled on the axis and
 * every seventh day's date under the bars.
 */
export function drawDailyBars(doc: Pdf, days: readonly { date: string; credits: number }[], height = 140): void {
  ensureSpace(doc, height + 40);
  const left = PAGE.margin + 45;
  const width = CONTENT_WIDTH - 45;
  const top = doc.y + 5;
  const base = top + height;
  const peak = Math.max(0, ...days.map((d) => d.credits));
  doc.lineWidth(0.5).strokeColor('#999999');
  doc
    .moveTo(left, top)
    .lineTo(left, base)
    .lineTo(left + width, base)
    .stroke();
  doc.font('Helvetica').fontSize(7).fillColor('#555555');
  doc.text(peak.toLocaleString('en-US'), PAGE.margin, top - 3, { width: 40, align: 'right', lineBreak: false });
  doc.text('0', PAGE.margin, base - 4, { width: 40, align: 'right', lineBreak: false });
  if (days.length > 0) {
    const slot = width / days.length;
    days.forEach((d, i) => {
      const x = left + i * slot;
      if (peak > 0 && d.credits > 0) {
        const h = Math.max(0.5, (d.credits / peak) * (height - 5));
        doc.rect(x + slot * 0.15, base - h, slot * 0.7, h).fill('#3b6fd4');
      }
      if (i % 7 === 0) {
        doc.fillColor('#555555').text(d.date.slice(5), x - 10, base + 4, { width: 40, align: 'left', lineBreak: false });
      }
    });
  }
  if (peak === 0) {
    doc
      .fillColor('#555555')
      .fontSize(9)
      .text('No charges in this period.', left, top + height / 2 - 5, { width, align: 'center', lineBreak: false });
  }
  doc.fillColor('black').fontSize(10);
  doc.x = PAGE.margin;
  doc.y = base + 20;
}
