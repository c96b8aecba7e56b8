import { type Command, Option } from 'commander';
import { formatCredits } from '../../../core/money.js';
import { parseDateRange } from '../../../core/reports/export-range.js';
import { exportReport } from '../../../core/reports/export-report.js';
import { receiptLookupFrom } from '../../../core/reports/receipt-data.js';
import { REPORT_FORMATS, REPORT_KINDS, type ReportFormat, type ReportKind } from '../../../core/reports/report-types.js';
import { userTimeZone } from '../../../core/settings/engine-settings.js';
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
        // Against a team server, exports are written from the synced replica (caught up first unless --offline).
        const services = ctx.clientMode ? await ctx.replica() : ctx.services;
        const range = parseDateRange(opts.from, opts.to, userTimeZone(services.engine.settings));
        const showProgress = !ctx.json && ctx.runtime.stdout.isTTY === true;
        const result = await exportReport(
          services.engine,
          {
            kind: opts.kind,
            format: opts.format,
            out: opts.out ?? '',
            from: range.from,
            to: range.to,
            paymentId: opts.id,
            onProgress: showProgress ? (n) => ctx.err(`\rexported ${n.toLocaleString('en-US')} rows`) : undefined,
          },
          { receiptDetails: receiptLookupFrom(services) },
        );
        if (showProgress) ctx.err('\n');
        ctx.print(
          result,
          () => `Wrote ${result.rows.toLocaleString('en-US')} ${WHAT[result.kind]} to ${result.out} (total ${formatCredits(result.totalCredits)}).`,
        );
      }),
    );
}
