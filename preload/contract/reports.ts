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
}

/** Pushed while an export is written: rows so far, then once more with `done: true`. */
export interface ExportProgress {
  /** The `requestId` of the export request, or null when it sent none. */
  requestId: string | null;
  kind: ExportKind;
  rowsDone: number;
  done: boolean;
}
