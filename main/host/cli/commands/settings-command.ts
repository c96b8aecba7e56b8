import type { Command } from 'commander';
import { RefusedError } from '../../../core/errors.js';
import { autoResumeEnabled, setAutoResume, setUserTimeZone, timeZoneSchema, userTimeZone } from '../../../core/settings/engine-settings.js';
import type { Engine } from '../../../core/engine.js';
import { CliContext } from '../cli-context.js';
import { parseOnOff } from '../parse.js';
import { runCommand } from '../run-command.js';

/** The engine settings the CLI shows and sets. */
function read(engine: Engine): { timeZone: string; autoResume: boolean } {
  return { timeZone: userTimeZone(engine.settings), autoResume: autoResumeEnabled(engine.settings) };
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
        const s = read(ctx.engine);
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
        const zone = opts.timeZone;
        if (zone !== undefined && !timeZoneSchema.safeParse(zone).success) {
          throw new RefusedError('invalid_time_zone', `'${zone}' is not a known time zone (use Area/City, e.g. Europe/Berlin)`);
        }
        const resume = opts.autoResume === undefined ? undefined : parseOnOff(opts.autoResume, '--auto-resume');
        await ctx.engine.act(() => {
          if (zone !== undefined) setUserTimeZone(ctx.engine.settings, zone);
          if (resume !== undefined) setAutoResume(ctx.engine.settings, resume);
        });
        const s = read(ctx.engine);
        ctx.print(s, () => describe(s));
      }),
    );
}
