import { ensureSpace, PAGE, type Pdf } from './pdf-doc.js';

/** One column of a PDF table. */
export interface PdfColumn {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

const ROW_HEIGHT = 15;

/**
 * Draws a table of single-line rows, breaking across pages as needed and
 * repeating the header on each new page. `bold` rows are totals.
 */
export function drawTable(doc: Pdf, columns: readonly PdfColumn[], rows: readonly (readonly string[])[], bold: ReadonlySet<number> = new Set()): void {
  const drawRow = (cells: readonly string[], font: string, color = 'black') => {
    const y = doc.y;
    let x = PAGE.margin;
    doc.font(font).fontSize(9).fillColor(color);
    columns.forEach((c, i) => {
      doc.text(fitText(doc, cells[i] ?? '', c.width - 6), x, y, { width: c.width - 6, align: c.align ?? 'left', lineBreak: false });
      x += c.width;
    });
    doc.x = PAGE.margin;
    doc.y = y + ROW_HEIGHT;
  };
  const header = () => {
    drawRow(columns.map((c) => c.title), 'Helvetica-Bold', '#333333');
    const y = doc.y - 3;
    doc.moveTo(PAGE.margin, y).lineTo(PAGE.margin + columns.reduce((w, c) => w + c.width, 0), y).lineWidth(0.5).strokeColor('#999999').stroke();
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
