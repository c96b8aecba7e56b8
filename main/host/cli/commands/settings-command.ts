import type { Command } from 'commander';
import { RefusedError } from '../../../core/errors.js';
import type { AppSettings } from '../../../../preload/contract.js';
import { CliContext } from '../cli-context.js';
import { parseOnOff } from '../parse.js';
import { runCommand } from '../run-command.js';

/** The engine settings the CLI shows and sets (the desktop's own flags stay out of its JSON). */
function cliSettings(s: AppSettings): { timeZone: string; autoResume: boolean } {
  return { timeZone: s.timeZone, autoResume: s.autoResume };
}

function describe(s: { timeZone: string; autoResume: boolean }): string {
  return `Time zone ${s.timeZone}; deployments paused for credits ${s.autoResume ? 'resume' : 'stay paused'} when credits are added.`;
}

/** `settings show|set`: the user's time zone (days, months, summaries, schedules) and auto-resume. */
export function registerSettings(program: Command): void {
  const settings = program.command('settings').description('app settings: time zone for days and months, auto-resume after credits');
  settings
    .command('show')
    .description('show the time zone and whether auto-resume is on')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const s = cliSettings(await ctx.door.call('settings/get', {}));
        ctx.print(s, () => describe(s));
      }),
    );
  settings
    .command('set')
    .description('change settings (charges due are settled first, under the old ones)')
    .option('--time-zone <zone>', 'IANA time zone, Area/City (e.g. Europe/Berlin)')
    .option('--auto-resume <on|off>', 'resume deployments paused for credits when credits are added')
    .action((opts: { timeZone?: string; autoResume?: string }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        if (opts.timeZone === undefined && opts.autoResume === undefined)
          throw new RefusedError('invalid_setting', 'nothing to set: give --time-zone and/or --auto-resume');
        const resume = opts.autoResume === undefined ? undefined : parseOnOff(opts.autoResume, '--auto-resume');
        const s = cliSettings(await ctx.door.call('settings/update', { timeZone: opts.timeZone, autoResume: resume }));
        ctx.print(s, () => describe(s));
      }),
    );
}
