import { type Command, Option } from 'commander';
import type { ExportKind, ExportReport } from '../../../../preload/contract.js';
import { formatCredits } from '../../../core/money.js';
import { REPORT_FORMATS, REPORT_KINDS, type ReportFormat, type ReportKind } from '../../../core/reports/report-types.js';
import { CliContext } from '../cli-context.js';
import { runCommand } from '../run-command.js';

interface ExportOpts {
  kind: ReportKind;
  format: ReportFormat;
  from?: string;
  to?: string;
  id?: string;
  out?: string;
}

/** The door's kind for each --kind; --format is sent as given, and a wrong one is refused by the export. */
const DOOR_KIND: Record<ReportKind, ExportKind> = {
  transactions: 'transactions_csv',
  daily: 'daily_cost_csv',
  statement: 'monthly_statement_pdf',
  receipt: 'receipt_pdf',
};

const WHAT: Record<ReportKind, string> = {
  transactions: 'transactions',
  daily: 'daily cost rows',
  statement: 'ledger entries in the statement',
  receipt: 'receipt',
};

/** `export`: CSV and PDF reports from the local ledger, offline. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export reports offline: transactions or daily cost as CSV, monthly statement or purchase receipt as PDF')
    .addOption(new Option('--kind <kind>', 'what to export').choices([...REPORT_KINDS]).makeOptionMandatory())
    .addOption(new Option('--format <format>', 'csv (transactions, daily) or pdf (statement, receipt)').choices([...REPORT_FORMATS]).makeOptionMandatory())
    .option('--from <date>', 'first local day, YYYY-MM-DD or YYYY-MM (statement: first month; default the current month)')
    .option('--to <date>', 'last local day, inclusive, YYYY-MM-DD or YYYY-MM (statement: last month)')
    .option('--id <payment>', 'receipt: the payment id (PaymentIntent) of a purchase or refill')
    .option('--out <file>', 'the file to write (written to a temporary file, renamed when complete)')
    .action((opts: ExportOpts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const showProgress = !ctx.json && ctx.runtime.stdout.isTTY === true;
        // Against a team server, exports are written from the synced replica (caught up first unless --offline).
        const door = await ctx.doorWith({
          chooseSavePath: () => Promise.resolve(opts.out ?? ''),
          push: (event, payload) => {
            if (!showProgress || event !== 'reports/progress') return;
            const p = payload as { rowsDone: number; done: boolean };
            if (!p.done) ctx.err(`\rexported ${p.rowsDone.toLocaleString('en-US')} rows`);
          },
        });
        const reply = await door.call('reports/export', {
          kind: DOOR_KIND[opts.kind],
          format: opts.format,
          fromDate: opts.from,
          toDate: opts.to,
          purchaseId: opts.id,
        });
        if (showProgress) ctx.err('\n');
        const result = reply.report as ExportReport;
        ctx.print(
          result,
          () => `Wrote ${result.rows.toLocaleString('en-US')} ${WHAT[result.kind]} to ${result.out} (total ${formatCredits(result.totalCredits)}).`,
        );
      }),
    );
}
