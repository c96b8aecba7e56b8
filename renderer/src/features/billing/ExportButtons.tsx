import { useEffect, useState } from 'react';
import { request, subscribe } from '../../api/client';
import type { ExportInput } from '../../api/types';
import { toast } from '../../app/toast-store';
import { formatCount } from '../../format/credits';

/** Saves an export: Electron writes the file itself; the web host hands a one-time download URL. */
export async function runExport(input: ExportInput): Promise<void> {
  const r = await request('reports/export', input);
  if (r.downloadUrl) {
    const a = document.createElement('a');
    a.href = r.downloadUrl;
    a.download = r.fileName;
    document.body.append(a);
    a.click();
    a.remove();
    toast('success', `${r.fileName} downloaded (${(r.bytes / 1024).toFixed(1)} KB).`);
  } else if (r.savedTo) {
    toast('success', `Saved to ${r.savedTo}.`);
  }
}

const EXPORTS: { kind: ExportInput['kind']; label: string }[] = [
  { kind: 'transactions_csv', label: 'Export CSV' },
  { kind: 'daily_cost_csv', label: 'Daily cost CSV' },
  { kind: 'monthly_statement_pdf', label: 'Monthly statement PDF' },
];

/** Export buttons with progress while the engine writes the file. */
export function ExportButtons({ range }: { range: { fromDate?: string; toDate?: string } }) {
  const [running, setRunning] = useState<{ kind: string; requestId: string } | null>(null);
  const [rows, setRows] = useState(0);
  // The engine reports rows written while it exports (a million-row ledger takes a while).
  useEffect(() => {
    if (!running) return;
    return subscribe('reports/progress', (p) => {
      if (p.requestId === running.requestId) setRows(p.rowsDone);
    });
  }, [running]);
  const run = async (kind: ExportInput['kind']) => {
    const requestId = `ui-${Date.now().toString(36)}`;
    setRows(0);
    setRunning({ kind, requestId });
    try {
      await runExport({ kind, ...range, requestId });
    } catch {
      // Toasted by the api layer.
    } finally {
      setRunning(null);
    }
  };
  return (
    <div className="row" aria-busy={running !== null}>
      {EXPORTS.map((e) => (
        <button key={e.kind} className="small" disabled={running !== null} onClick={() => run(e.kind)} data-testid={`export-${e.kind}`}>
          {e.label}
        </button>
      ))}
      {running ? (
        <span className="row small muted" role="status">
          <progress aria-label="Export in progress" /> Preparing {EXPORTS.find((e) => e.kind === running.kind)?.label}…
          {rows > 0 ? ` ${formatCount(rows)} rows` : ''}
        </span>
      ) : null}
    </div>
  );
}
