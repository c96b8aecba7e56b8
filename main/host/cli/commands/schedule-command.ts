import type { Command } from 'commander';
import type { PauseSchedule } from '../../../../preload/contract.js';
import { WEEKDAYS } from '../../../core/schedules/schedule-types.js';
import { describeWindow, parseDays, parseWindowRange } from '../../../core/schedules/weekly-windows.js';
import { CliContext } from '../cli-context.js';
import { parseId } from '../parse.js';
import { runCommand } from '../run-command.js';

/** A schedule as the CLI shows it: its windows as stored (days grouped), not the contract's one-per-day. */
function scheduleJson(s: PauseSchedule) {
  return { deploymentId: s.deploymentId, timeZone: s.timeZone, windows: s.windowGroups, nextEdge: s.nextEdge ?? null };
}

function human(s: PauseSchedule): string {
  const next = s.nextEdge ? `; next: ${s.nextEdge.kind} at ${s.nextEdge.at}` : '';
  return `Deployment ${s.deploymentId} pauses ${(s.windowGroups ?? []).map((w) => describeWindow(w)).join(' and ')} (${s.timeZone})${next}.`;
}

/** `schedule set|clear|show`: weekly pause windows per deployment. */
export function registerSchedule(program: Command): void {
  const schedule = program.command('schedule').description('weekly pause schedules (local time, DST-correct)');

  schedule
    .command('set <id>')
    .description('pause a deployment in a weekly window, e.g. --pause 20:00-08:00 --days mon,tue,wed,thu,fri')
    .requiredOption('--pause <HH:MM-HH:MM>', 'pause window; an end before the start runs past midnight; 24:00 ends the day')
    .option('--days <days>', 'days the window starts on: mon,tue,… (or mon-fri, weekdays, weekend, all)', 'all')
    .option('--tz <Area/City>', 'time zone of the window (default: the app time zone)')
    .option('--add', 'add this window to the existing schedule instead of replacing it')
    .action((id: string, opts: { pause: string; days: string; tz?: string; add?: boolean }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const { start, end } = parseWindowRange(opts.pause);
        // One window on its days: the contract sends a window per day, the handler groups them back by their times.
        const windows = parseDays(opts.days).map((d) => ({ day: WEEKDAYS.indexOf(d), start, end }));
        const s = await ctx.door.call('schedules/set', { deploymentId: parseId(id), windows, timeZone: opts.tz, add: Boolean(opts.add) });
        const d = await ctx.door.call('deployments/get', { id: s.deploymentId });
        ctx.print({ ...scheduleJson(s), state: d.state, pausedReason: d.pausedReason }, () => human(s));
      }),
    );

  schedule
    .command('clear <id>')
    .description("remove a deployment's schedule (resumes it if the schedule had paused it)")
    .action((id: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const r = await ctx.door.call('schedules/remove', { deploymentId: parseId(id) });
        const d = await ctx.door.call('deployments/get', { id: r.deploymentId });
        ctx.print({ deploymentId: d.id, removed: r.removed, resumed: r.resumed, state: d.state, pausedReason: d.pausedReason }, () =>
          r.removed ? `Schedule of ${d.name} removed${r.resumed ? '; it is running again' : ''}.` : `${d.name} had no schedule.`,
        );
      }),
    );

  schedule
    .command('show [id]')
    .description('show one schedule, or all')
    .action((id: string | undefined, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const one = id ? parseId(id) : undefined;
        const all = await ctx.door.call('schedules/list', {});
        const list = one === undefined ? all : all.filter((s) => s.deploymentId === one);
        ctx.print(id ? (list[0] ? scheduleJson(list[0]) : null) : list.map(scheduleJson), () => (list.length ? list.map(human).join('\n') : 'No schedules.'));
      }),
    );
}
