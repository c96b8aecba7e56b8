/** What can be exported, and in which formats. */
export const REPORT_KINDS = ['transactions', 'daily', 'statement', 'receipt'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FORMATS = ['csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The one format each kind is produced in. */
export const FORMAT_OF_KIND: Readonly<Record<ReportKind, ReportFormat>> = {
  transactions: 'csv',
  daily: 'csv',
  statement: 'pdf',
  receipt: 'pdf',
};

/** Called every `progressEvery` rows (and once at the end) with the rows written so far. */
export type ProgressCallback = (rowsDone: number) => void;

/** An export request. Times are epoch ms; `to` is exclusive; null means unbounded. */
export interface ExportRequest {
  kind: ReportKind;
  format: ReportFormat;
  out: string;
  from?: number | null;
  to?: number | null;
  /** The payment (PaymentIntent) id of a receipt. */
  paymentId?: string;
  onProgress?: ProgressCallback;
  /** Rows between progress calls (default 10,000). */
  progressEvery?: number;
}

/** What an export wrote. `totalCredits` is the signed sum of the credits column (cost for `daily`). */
export interface ExportResult {
  kind: ReportKind;
  format: ReportFormat;
  /** Absolute path of the written file. */
  out: string;
  /** Data rows (CSV rows without the header; statement: ledger entries covered; receipt: 1). */
  rows: number;
  totalCredits: number;
  /** The range covered, ISO-8601 UTC, null when unbounded. */
  from: string | null;
  to: string | null;
  timeZone: string;
}

/** A summary of what was streamed to a file. */
export interface StreamedTotals {
  rows: number;
  totalCredits: number;
}
