import fs from 'node:fs';
import { once } from 'node:events';
import type PDFDocument from 'pdfkit';

export type Pdf = PDFKit.PDFDocument;

/** Page geometry shared by every report (A4, 50 pt margins). */
export const PAGE = { margin: 50, width: 595.28, height: 841.89 } as const;

/** The usable width between the margins. */
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

/**
 * A new A4 document in built-in Helvetica (no font files, no network). Its
 * creation date is the engine's clock reading, so the same ledger and clock
 * give the same report. PDFKit (with its font tables) is loaded on the first
 * document, not when the app or a CLI command starts.
 */
export async function createPdf(title: string, now: number): Promise<Pdf> {
  const { default: PdfDocument } = (await import('pdfkit')) as { default: typeof PDFDocument };
  const doc = new PdfDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    info: { Title: title, Author: 'Burnrate', Creator: 'Burnrate', Producer: 'Burnrate', CreationDate: new Date(now), ModDate: new Date(now) },
  });
  doc.font('Helvetica');
  return doc;
}

/** Starts a new page when fewer than `height` points are left above the bottom margin. */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** Writes a section heading, keeping it on the same page as the first lines under it. */
export function heading(doc: Pdf, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text, PAGE.margin, doc.y).font('Helvetica').fontSize(10).moveDown(0.3);
}

/** Stamps "footer · Page i of n" at the bottom of every buffered page. */
export function stampFooters(doc: Pdf, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#666666')
      .text(`${footer} · Page ${i - range.start + 1} of ${range.count}`, PAGE.margin, doc.page.height - 35, {
        width: CONTENT_WIDTH,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}

/** Ends the document and waits until it is fully written to `file`. */
export async function savePdf(doc: Pdf, file: string): Promise<void> {
  const out = fs.createWriteStream(file, { flags: 'w', mode: 0o600 });
  const done = once(out, 'finish');
  const failed = once(out, 'error').then(([err]) => Promise.reject(err as Error));
  doc.pipe(out);
  doc.end();
  await Promise.race([done, failed]);
}
