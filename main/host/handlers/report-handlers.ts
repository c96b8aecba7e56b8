import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { ExportInput, ExportKind, ExportReply } from '../../../preload/contract.js';
import { RefusedError } from '../../core/errors.js';
import { parseLocalDate } from '../../core/reports/export-range.js';
import { exportFileName } from '../../core/reports/export-file-name.js';
import { exportReport } from '../../core/reports/export-report.js';
import { findPaymentEntry, receiptLookupFrom } from '../../core/reports/receipt-data.js';
import type { ReportFormat, ReportKind } from '../../core/reports/report-types.js';
import { userTimeZone } from '../../core/settings/engine-settings.js';
import { handler, type HandlerContext, type HandlerTable } from './handler-types.js';
import { localDaySchema, rangeFromInput } from './date-range.js';
import { isoSchema } from './schemas.js';

/** Each contract kind: the engine's kind and format, the file's suffix and type. */
const KINDS: Record<ExportKind, { kind: ReportKind; format: ReportFormat; name: string; mime: string }> = {
  transactions_csv: { kind: 'transactions', format: 'csv', name: 'transactions', mime: 'text/csv; charset=utf-8' },
  daily_cost_csv: { kind: 'daily', format: 'csv', name: 'daily-cost', mime: 'text/csv; charset=utf-8' },
  monthly_statement_pdf: { kind: 'statement', format: 'pdf', name: 'statement', mime: 'application/pdf' },
  receipt_pdf: { kind: 'receipt', format: 'pdf', name: 'receipt', mime: 'application/pdf' },
};

const exportInput = z.strictObject({
  kind: z.enum(Object.keys(KINDS) as [ExportKind, ...ExportKind[]]),
  from: isoSchema.optional(),
  to: isoSchema.optional(),
  fromDate: localDaySchema.optional(),
  toDate: localDaySchema.optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
    .optional(),
  purchaseId: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[A-Za-z0-9_-]+$/, 'a payment id like pi_…')
    .optional(),
  requestId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, '1–64 of A–Z a–z 0–9 _ -')
    .optional(),
});

/** The export's range in epoch ms (a month for the statement), checked before anything is written. */
function rangeOf(input: ExportInput, tz: string): { from: number | null; to: number | null } {
  if (input.month !== undefined) {
    if (input.from !== undefined || input.to !== undefined || input.fromDate !== undefined || input.toDate !== undefined) {
      throw new RefusedError('invalid_option', 'give either a month or from/to, not both');
    }
    const m = parseLocalDate(input.month, tz, 'month');
    return { from: m.start, to: m.end };
  }
  return rangeFromInput(input, tz);
}

/** The file's name carries the range it covers (core/reports/export-file-name.ts). */
function fileNameOf(input: ExportInput, range: { from: number | null; to: number | null }, now: number, tz: string): string {
  const k = KINDS[input.kind];
  const coverage = input.kind === 'receipt_pdf' ? { paymentId: input.purchaseId ?? '' } : input.month !== undefined ? { month: input.month } : range;
  return exportFileName(k.name, k.format, coverage, now, tz);
}

/** Writes the export where the host says (Electron: a path the user chose; web: a one-time download). */
async function runExport(ctx: HandlerContext, input: ExportInput): Promise<ExportReply> {
  const { engine } = ctx.services;
  const tz = userTimeZone(engine.settings);
  const k = KINDS[input.kind];
  if (input.kind === 'receipt_pdf') findPaymentEntry(engine.db, input.purchaseId);
  else if (input.purchaseId !== undefined) throw new RefusedError('invalid_option', 'purchaseId applies only to receipt_pdf');
  const range = input.kind === 'receipt_pdf' ? { from: null, to: null } : rangeOf(input, tz);
  const fileName = fileNameOf(input, range, engine.now(), tz);
  const requestId = input.requestId ?? null;
  const progress = (rowsDone: number, done: boolean) => ctx.host.push?.('reports/progress', { requestId, kind: input.kind, rowsDone, done });
  const write = async (out: string) => {
    const r = await exportReport(
      engine,
      { kind: k.kind, format: k.format, out, from: range.from, to: range.to, paymentId: input.purchaseId, onProgress: (n) => progress(n, false) },
      { receiptDetails: receiptLookupFrom(ctx.services) },
    );
    progress(r.rows, true);
    return (await stat(r.out)).size;
  };
  const base = { fileName, mimeType: k.mime, savedTo: null, downloadUrl: null };
  if (ctx.host.chooseSavePath) {
    const out = await ctx.host.chooseSavePath(fileName);
    if (out === null) return { ...base, bytes: 0 };
    return { ...base, bytes: await write(out), savedTo: out };
  }
  if (ctx.host.prepareDownload) {
    const slot = await ctx.host.prepareDownload(fileName, k.mime);
    try {
      const bytes = await write(slot.path);
      return { ...base, bytes, downloadUrl: slot.ready(bytes) };
    } catch (err) {
      await slot.discard();
      throw err;
    }
  }
  throw new RefusedError('not_available', 'this host cannot save files');
}

/** Offline exports: CSV (transactions, daily cost) and PDF (monthly statement, receipt). */
export const reportHandlers: HandlerTable = {
  'reports/export': handler('reports/export', {
    schema: exportInput,
    // Exporting settles due charges first (the books must be current), so the snapshot may move.
    mutates: true,
    handle: (ctx, input) => runExport(ctx, input),
  }),
};
