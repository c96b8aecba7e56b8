import type { Command } from 'commander';
import { isoOrNull } from '../../../core/calendar.js';
import type { StoredSchedule } from '../../../core/schedules/schedule-repo.js';
import { describeWindow, parseDays, parseWindowRange } from '../../../core/schedules/weekly-windows.js';
import { CliContext } from '../cli-context.js';
import { parseId } from '../parse.js';
import { runCommand } from '../run-command.js';

/** A schedule as the CLI shows it. */
function scheduleJson(s: StoredSchedule) {
  return {
    deploymentId: s.deploymentId,
    timeZone: s.timeZone,
    windows: s.windows,
    nextEdge: s.nextEdge ? { at: isoOrNull(s.nextEdge.at), kind: s.nextEdge.kind } : null,
  };
}

function human(s: StoredSchedule): string {
  const next = s.nextEdge ? `; next: ${s.nextEdge.kind} at ${isoOrNull(s.nextEdge.at)}` : '';
  return `Deployment ${s.deploymentId} pauses ${s.windows.map(describeWindow).join(' and ')} (${s.timeZone})${next}.`;
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
        const window = { ...parseWindowRange(opts.pause), days: parseDays(opts.days) };
        const s = await ctx.services.schedules.set(parseId(id), { windows: [window], timeZone: opts.tz, add: Boolean(opts.add) });
        const d = ctx.engine.deployments.get(s.deploymentId);
        ctx.print({ ...scheduleJson(s), state: d.state, pausedReason: d.pausedReason }, () => human(s));
      }),
    );

  schedule
    .command('clear <id>')
    .description("remove a deployment's schedule (resumes it if the schedule had paused it)")
    .action((id: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const r = await ctx.services.schedules.clear(parseId(id));
        const d = ctx.engine.deployments.get(parseId(id));
        ctx.print({ deploymentId: d.id, ...r, state: d.state, pausedReason: d.pausedReason }, () =>
          r.removed ? `Schedule of ${d.name} removed${r.resumed ? '; it is running again' : ''}.` : `${d.name} had no schedule.`,
        );
      }),
    );

  schedule
    .command('show [id]')
    .description('show one schedule, or all')
    .action((id: string | undefined, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        await ctx.engine.settle();
        const list = id ? [ctx.services.schedules.get(parseId(id))].filter((s): s is StoredSchedule => s !== null) : ctx.services.schedules.list();
        ctx.print(id ? (list[0] ? scheduleJson(list[0]) : null) : list.map(scheduleJson), () => (list.length ? list.map(human).join('\n') : 'No schedules.'));
      }),
    );
}
