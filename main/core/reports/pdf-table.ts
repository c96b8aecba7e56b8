import { ensureSpace, PAGE, type Pdf } from './pdf-doc.js';

/** One column of a PDF table. */
export interface PdfColumn {
  title: string;
  width: number;
  align?: 'left' | 'right';
  /** Shrink the font (down to 6 pt) rather than cut the text: ids must stay whole. */
  shrink?: boolean;
}

const FONT_SIZE = 9;
const MIN_FONT_SIZE = 6;

const ROW_HEIGHT = 15;

/**
 * Draws a table of single-line rows, breaking across pages as needed and
 * repeating the header on each new page. `bold` rows are totals.
 */
export function drawTable(doc: Pdf, columns: readonly PdfColumn[], rows: readonly (readonly string[])[], bold: ReadonlySet<number> = new Set()): void {
  const drawRow = (cells: readonly string[], font: string, color = 'black') => {
    const y = doc.y;
    let x = PAGE.margin;
    doc.font(font).fontSize(FONT_SIZE).fillColor(color);
    columns.forEach((c, i) => {
      const text = cells[i] ?? '';
      const size = c.shrink ? fittingSize(doc, text, c.width - 6) : FONT_SIZE;
      doc
        .fontSize(size)
        .text(fitText(doc, text, c.width - 6), x, y + (FONT_SIZE - size) / 2, { width: c.width - 6, align: c.align ?? 'left', lineBreak: false });
      doc.fontSize(FONT_SIZE);
      x += c.width;
    });
    doc.x = PAGE.margin;
    doc.y = y + ROW_HEIGHT;
  };
  const header = () => {
    drawRow(
      columns.map((c) => c.title),
      'Helvetica-Bold',
      '#333333',
    );
    const y = doc.y - 3;
    doc
      .moveTo(PAGE.margin, y)
      .lineTo(PAGE.margin + columns.reduce((w, c) => w + c.width, 0), y)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
  };
  ensureSpace(doc, ROW_HEIGHT * 3);
  header();
  rows.forEach((cells, i) => {
    if (doc.y + ROW_HEIGHT > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      header();
    }
    drawRow(cells, bold.has(i) ? 'Helvetica-Bold' : 'Helvetica');
  });
  doc.font('Helvetica').fontSize(10).fillColor('black');
}

/** The largest font size from 9 pt down to 6 pt at which `text` fits `width` (6 pt when none does). */
function fittingSize(doc: Pdf, text: string, width: number): number {
  for (let size = FONT_SIZE; size > MIN_FONT_SIZE; size -= 0.5) {
    if (doc.fontSize(size).widthOfString(text) <= width) return size;
  }
  return MIN_FONT_SIZE;
}

/** Shortens `text` with an ellipsis until it fits `width` at the current font, so a cell never wraps into the next row. */
export function fitText(doc: Pdf, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(`${text.slice(0, mid)}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}
