/** Offline exports (CSV / PDF). */

import type { Iso } from './common.js';

export type ExportKind = 'transactions_csv' | 'daily_cost_csv' | 'monthly_statement_pdf' | 'receipt_pdf';

export interface ExportInput {
  kind: ExportKind;
  from?: Iso;
  to?: Iso;
  /** Instead of `from`/`to`: local days "YYYY-MM-DD", both inclusive, in the user's time zone. */
  fromDate?: string;
  toDate?: string;
  /** "YYYY-MM" for the monthly statement. */
  month?: string;
  /** For a purchase receipt. */
  purchaseId?: string;
  /**
   * The file format the caller asks for ("csv" or "pdf"); when given it must be
   * the kind's own (the CLI's `--format`), and the reply carries `report`.
   */
  format?: 'csv' | 'pdf';
  /** Any id the caller picks (1–64 of A–Z a–z 0–9 _ -): `reports/progress` events carry it back. */
  requestId?: string;
}

export interface ExportReply {
  fileName: string;
  mimeType: string;
  bytes: number;
  /** Electron: where the file was saved (null if the user cancelled the dialog). */
  savedTo: string | null;
  /** Web host: a same-origin URL to download it once. */
  downloadUrl: string | null;
  /** What was written (only when the request named its `format`: the CLI prints it). */
  report?: ExportReport;
}

/** What an export wrote, as the CLI's `export --json` prints it. */
export interface ExportReport {
  kind: 'transactions' | 'daily' | 'statement' | 'receipt';
  format: 'csv' | 'pdf';
  /** Absolute path of the written file. */
  out: string;
  rows: number;
  totalCredits: number;
  /** The range covered, ISO-8601 UTC, null when unbounded. */
  from: string | null;
  to: string | null;
  timeZone: string;
  /** Statement: opening and closing balance, and the months covered. */
  opening?: number;
  closing?: number;
  months?: number;
  /** Receipt: its payment id. */
  paymentId?: string;
}

/** Pushed while an export is written: rows so far, then once more with `done: true`. */
export interface ExportProgress {
  /** The `requestId` of the export request, or null when it sent none. */
  requestId: string | null;
  kind: ExportKind;
  rowsDone: number;
  done: boolean;
}
