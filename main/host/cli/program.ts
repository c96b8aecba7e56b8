import { Command } from 'commander';
import { registerAccount } from './commands/account-command.js';
import { registerCards } from './commands/cards-command.js';
import { registerCredits } from './commands/credits-command.js';
import { registerRefill } from './commands/refill-command.js';
import { registerSandbox } from './commands/sandbox-command.js';
import { registerSync } from './commands/sync-command.js';
import { registerAlerts } from './commands/alerts-command.js';
import { registerAnalysis } from './commands/analysis-command.js';
import { registerCatalog } from './commands/catalog-command.js';
import { registerCoupon } from './commands/coupon-command.js';
import { registerDeploy } from './commands/deploy-command.js';
import { registerExport } from './commands/export-command.js';
import { registerLedger } from './commands/ledger-command.js';
import { registerMembers } from './commands/members-command.js';
import { registerServer } from './commands/server-command.js';
import { registerSchedule } from './commands/schedule-command.js';
import { registerSettings } from './commands/settings-command.js';
import { registerStatus } from './commands/status-command.js';
import { registerSuggestions } from './commands/suggestions-command.js';
import { registerTick } from './commands/tick-command.js';
import { registerUsage } from './commands/usage-command.js';

/** Builds the `burnrate` command tree with its global options. */
export function buildProgram(): Command {
  const program = new Command('burnrate')
    .description('Burnrate: prepaid GPU credits, hourly deployment charges, refills and insights')
    .option('--data-dir <dir>', 'folder holding the ledger database (env BURNRATE_DATA_DIR)')
    .option('--now <iso>', 'the clock reading for this invocation, ISO-8601 (env BURNRATE_NOW)')
    .option('--json', 'print exactly one JSON value on stdout')
    .option('--server <url>', 'the team server to work with (env BURNRATE_SERVER)')
    .option('--token <token>', 'your member token for the team server (env BURNRATE_TOKEN; prefer the env: arguments are visible to other users)')
    .option(
      '--offline',
      'with --server: read from the synced replica in --data-dir, with no network (status, ledger, analysis, suggestions, cards list, refill show, credits receipt, export)',
    );
  registerStatus(program);
  registerDeploy(program);
  registerTick(program);
  registerLedger(program);
  registerCoupon(program);
  registerCatalog(program);
  registerExport(program);
  registerAnalysis(program);
  registerSuggestions(program);
  registerSchedule(program);
  registerUsage(program);
  registerAlerts(program);
  registerCards(program);
  registerCredits(program);
  registerRefill(program);
  registerSync(program);
  registerAccount(program);
  registerSettings(program);
  registerSandbox(program);
  registerServer(program);
  registerMembers(program);
  return program;
}
