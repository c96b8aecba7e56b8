import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { ExportInput, ExportKind, ExportReply, ExportReport } from '../../../preload/contract.js';
import { RefusedError } from '../../core/errors.js';
import { parseLocalDate } from '../../core/reports/export-range.js';
import { exportFileName } from '../../core/reports/export-file-name.js';
import { checkExport, exportReport } from '../../core/reports/export-report.js';
import { receiptLookupFrom } from '../../core/reports/receipt-data.js';
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

/** A payment id as the UI sends it (the CLI's `--id` is read as typed: the ledger lookup refuses it in the CLI's words). */
const PAYMENT_ID = /^[A-Za-z0-9_-]{1,255}$/;

const exportInput = z
  .strictObject({
    kind: z.enum(Object.keys(KINDS) as [ExportKind, ...ExportKind[]]),
    format: z.enum(['csv', 'pdf']).optional(),
    from: isoSchema.optional(),
    to: isoSchema.optional(),
    // YYYY-MM-DD, or YYYY-MM for the whole month (the CLI's --from/--to); a bad date is refused with invalid_date when read.
    fromDate: z.string().optional(),
    toDate: z.string().optional(),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
      .optional(),
    purchaseId: z.string().optional(),
    requestId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, '1–64 of A–Z a–z 0–9 _ -')
      .optional(),
  })
  .superRefine((input, issues) => {
    // Without a format (the UI), ids and days keep the form's strict shapes.
    if (input.format !== undefined) return;
    for (const field of ['fromDate', 'toDate'] as const) {
      const v = input[field];
      if (v !== undefined && !localDaySchema.safeParse(v).success) issues.addIssue({ code: 'custom', path: [field], message: 'a local day as YYYY-MM-DD' });
    }
    if (input.purchaseId !== undefined && !PAYMENT_ID.test(input.purchaseId.trim()))
      issues.addIssue({ code: 'custom', path: ['purchaseId'], message: 'a payment id like pi_…' });
  })
  .transform((input) => (input.purchaseId === undefined || input.format !== undefined ? input : { ...input, purchaseId: input.purchaseId.trim() }));

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
  const format = input.format ?? k.format;
  // Refused before anything is written, in the CLI's order: the dates, then kind and format, then the payment id.
  const range = input.kind === 'receipt_pdf' && input.format === undefined ? { from: null, to: null } : rangeOf(input, tz);
  if (input.kind !== 'receipt_pdf' && input.purchaseId !== undefined && input.format === undefined)
    throw new RefusedError('invalid_option', 'purchaseId applies only to receipt_pdf');
  checkExport(engine, { kind: k.kind, format, from: range.from, to: range.to, paymentId: input.purchaseId });
  const fileName = fileNameOf(input, range, engine.now(), tz);
  const requestId = input.requestId ?? null;
  const progress = (rowsDone: number, done: boolean) => ctx.host.push?.('reports/progress', { requestId, kind: input.kind, rowsDone, done });
  let report: ExportReport | undefined;
  const write = async (out: string) => {
    const r = await exportReport(
      engine,
      { kind: k.kind, format, out, from: range.from, to: range.to, paymentId: input.purchaseId, onProgress: (n) => progress(n, false) },
      { receiptDetails: receiptLookupFrom(ctx.services) },
    );
    progress(r.rows, true);
    if (input.format !== undefined) report = r;
    return (await stat(r.out)).size;
  };
  const base = { fileName, mimeType: k.mime, savedTo: null, downloadUrl: null };
  if (ctx.host.chooseSavePath) {
    const out = await ctx.host.chooseSavePath(fileName);
    if (out === null) return { ...base, bytes: 0 };
    const bytes = await write(out);
    return { ...base, bytes, savedTo: out, ...(report ? { report } : {}) };
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
