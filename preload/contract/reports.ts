/** Offline exports (CSV / PDF). */

import type { Iso } from './common.js';

export type ExportKind = 'transactions_csv' | 'daily_cost_csv' | 'monthly_statement_pdf' | 'receipt_pdf';

export interface ExportInput {
  kind: ExportKind;
  from?: Iso;
  to?: Iso;
  /** "YYYY-MM" for the monthly statement. */
  month?: string;
  /** For a purchase receipt. */
  purchaseId?: string;
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
