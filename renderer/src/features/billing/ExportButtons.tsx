import { useState } from 'react';
import { request } from '../../api/client';
import type { ExportInput } from '../../api/types';
import { toast } from '../../app/toast-store';

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
export function ExportButtons({ range }: { range: { from?: string; to?: string } }) {
  const [running, setRunning] = useState<string | null>(null);
  const run = async (kind: ExportInput['kind']) => {
    setRunning(kind);
    try {
      await runExport({ kind, ...range });
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
          <progress aria-label="Export in progress" /> Preparing {EXPORTS.find((e) => e.kind === running)?.label}…
        </span>
      ) : null}
    </div>
  );
}
