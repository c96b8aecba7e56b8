import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import { userTimeZone } from '../settings/engine-settings.js';
import { prepareAtomicFile, writeAtomically } from './atomic-file.js';
import { writeDailyCsv } from './daily-csv.js';
import { checkRange, type ExportRange, statementMonths } from './export-range.js';
import { openReadSnapshot } from './read-snapshot.js';
import { findPaymentEntry, receiptData, type ReceiptDetailsLookup } from './receipt-data.js';
import { writeReceiptPdf } from './receipt-pdf.js';
import { type ExportRequest, type ExportResult, FORMAT_OF_KIND, REPORT_FORMATS, REPORT_KINDS, type StreamedTotals } from './report-types.js';
import { statementData } from './statement-data.js';
import { writeStatementPdf } from './statement-pdf.js';
import { writeTransactionsCsv } from './transactions-csv.js';

/** What an export may draw on besides the engine. */
export interface ExportDeps {
  /** Card details for receipts, from the payments module when it is present. */
  receiptDetails?: ReceiptDetailsLookup;
}

/** Extra figures some kinds report. */
export interface ExportExtras {
  opening?: number;
  closing?: number;
  months?: number;
  paymentId?: string;
}

/**
 * Writes one report to `req.out` from the local ledger (no network). Input is
 * checked first (kind and format, range, payment id, output path) and refused
 * before anything changes; then due charges are settled so the books are
 * current, and the report is written from one read snapshot to a temporary
 * file renamed into place on success.
 */
export async function exportReport(engine: Engine, req: ExportRequest, deps: ExportDeps = {}): Promise<ExportResult & ExportExtras> {
  const { range, months } = checkExport(engine, req);
  const now = engine.now();
  const timeZone = userTimeZone(engine.settings);
  const file = await prepareAtomicFile(req.out);

  let snap: ReturnType<typeof openReadSnapshot> | null = null;
  try {
    await engine.settle();
    snap = openReadSnapshot(engine.db);
    const db = snap.db;
    const base = { kind: req.kind, format: req.format, out: file.out, timeZone };
    const isoOf = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const csv = { range, timeZone, onProgress: req.onProgress, progressEvery: req.progressEvery };
    switch (req.kind) {
      case 'transactions':
      case 'daily': {
        const write = req.kind === 'transactions' ? writeTransactionsCsv : writeDailyCsv;
        const totals: StreamedTotals = await writeAtomically(file, (tmp) => write(db, tmp, csv));
        return { ...base, ...totals, from: isoOf(range.from), to: isoOf(range.to) };
      }
      case 'statement': {
        const data = months.map((m) => statementData(db, m.start, m.end, timeZone));
        await writeAtomically(file, (tmp) => writeStatementPdf(tmp, data, now));
        const first = data[0];
        const last = data[data.length - 1];
        const rows = data.reduce((n, d) => n + d.entryCount, 0);
        req.onProgress?.(rows);
        return {
          ...base,
          rows,
          totalCredits: data.reduce((n, d) => n + d.closing - d.opening, 0),
          from: isoOf(first?.start ?? null),
          to: isoOf(last?.end ?? null),
          opening: first?.opening,
          closing: last?.closing,
          months: data.length,
        };
      }
      case 'receipt': {
        const r = await receiptData(db, req.paymentId, deps.receiptDetails);
        await writeAtomically(file, (tmp) => writeReceiptPdf(tmp, r, timeZone, now));
        req.onProgress?.(1);
        return { ...base, rows: 1, totalCredits: r.entry.credits, from: null, to: null, paymentId: r.paymentId };
      }
      default:
        throw new RefusedError('unknown_kind', `unknown report kind '${String(req.kind)}'`);
    }
  } catch (err) {
    await file.discard();
    throw err;
  } finally {
    snap?.close();
  }
}

/**
 * The checks an export makes before it touches any file, in the order the CLI
 * has always reported them: kind and format, the range (a statement's months),
 * then the payment id. The output path is checked last, by exportReport.
 */
export function checkExport(engine: Engine, req: Omit<ExportRequest, 'out'>): { range: ExportRange; months: { start: number; end: number }[] } {
  checkKindAndFormat(req);
  const range: ExportRange = { from: req.from ?? null, to: req.to ?? null };
  checkRange(range);
  const months = req.kind === 'statement' ? statementMonths(range, engine.now(), userTimeZone(engine.settings)) : [];
  if (req.kind === 'receipt') findPaymentEntry(engine.db, req.paymentId);
  return { range, months };
}

function checkKindAndFormat(req: Omit<ExportRequest, 'out'>): void {
  if (!(REPORT_KINDS as readonly string[]).includes(req.kind)) {
    throw new RefusedError('unknown_kind', `unknown report kind '${String(req.kind)}': choose one of ${REPORT_KINDS.join(', ')}`);
  }
  if (!(REPORT_FORMATS as readonly string[]).includes(req.format)) {
    throw new RefusedError('unknown_format', `unknown format '${String(req.format)}': choose csv or pdf`);
  }
  const want = FORMAT_OF_KIND[req.kind];
  if (req.format !== want) {
    throw new RefusedError('unsupported_format', `${req.kind} is exported as ${want}, not ${req.format}`);
  }
  if (req.kind === 'receipt' && (req.from != null || req.to != null)) {
    throw new RefusedError('invalid_option', 'a receipt is chosen by --id PAYMENT, not by --from/--to');
  }
  if (req.kind !== 'receipt' && req.paymentId !== undefined) {
    throw new RefusedError('invalid_option', '--id applies only to --kind receipt');
  }
}
