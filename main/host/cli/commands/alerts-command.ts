import type { Command } from 'commander';
import type { AlertSettings } from '../../../core/alerts/alert-settings.js';
import type { Alert } from '../../../core/alerts/alert-types.js';
import { iso } from '../../../core/calendar.js';
import { RefusedError } from '../../../core/errors.js';
import { CliContext } from '../cli-context.js';
import { parseId, parseOnOff, parseWhole } from '../parse.js';
import { runCommand } from '../run-command.js';

/** An alert as the CLI shows it (times ISO-8601 UTC). */
export function alertJson(a: Alert) {
  // The list keeps its JSON shape: resolution shows through --open, not as new fields.
  const { conditionKey: _condition, resolvedAt: _resolved, ...rest } = a;
  return { ...rest, at: iso(a.at), raisedAt: iso(a.raisedAt) };
}

interface SettingsOpts {
  lowBalance?: string;
  runwayHours?: string;
  summaryTime?: string;
  daily?: string;
  weekly?: string;
  weeklyDay?: string;
  limit?: string[];
  clearLimit?: string[];
}

/** Turns the flags into a settings patch (validated by the alert settings schema). */
function settingsPatch(o: SettingsOpts, current: AlertSettings): Partial<AlertSettings> {
  const p: Partial<AlertSettings> = {};
  if (o.lowBalance !== undefined)
    p.lowBalanceThresholds = o.lowBalance.trim() === '' || o.lowBalance === 'off' ? [] : o.lowBalance.split(',').map((t) => parseWhole(t, '--low-balance', 1));
  if (o.runwayHours !== undefined) p.runwayHours = o.runwayHours === 'off' ? null : parseWhole(o.runwayHours, '--runway-hours', 1, 24 * 90);
  if (o.summaryTime !== undefined) p.summaryTime = o.summaryTime.trim();
  if (o.daily !== undefined) p.dailySummary = parseOnOff(o.daily, '--daily');
  if (o.weekly !== undefined) p.weeklySummary = parseOnOff(o.weekly, '--weekly');
  if (o.weeklyDay !== undefined) p.weeklyDay = o.weeklyDay.trim().toLowerCase() as AlertSettings['weeklyDay'];
  if (o.limit || o.clearLimit) {
    let limits = [...current.deploymentLimits];
    for (const id of o.clearLimit ?? []) limits = limits.filter((l) => l.deploymentId !== parseId(id));
    for (const spec of o.limit ?? []) {
      const m = /^(\d+):(\d+)\/(\d+)h?$/.exec(spec.trim());
      if (!m) throw new RefusedError('invalid_setting', `--limit is ID:CREDITS/HOURS, e.g. 3:5000/24, got '${spec}'`);
      const deploymentId = parseId(m[1]!);
      limits = [
        ...limits.filter((l) => l.deploymentId !== deploymentId),
        { deploymentId, limitCredits: parseWhole(m[2]!, 'limit credits', 1), windowHours: parseWhole(m[3]!, 'limit hours', 1, 24 * 31) },
      ];
    }
    p.deploymentLimits = limits;
  }
  return p;
}

/** `alerts list|read|pending|delivered|settings`. */
export function registerAlerts(program: Command): void {
  const alerts = program.command('alerts').description('the alert list, its delivery queue and alert settings');

  alerts
    .command('list')
    .description('alerts, newest first')
    .option('--unread', 'only unread alerts')
    .option('--limit <n>', 'at most n alerts', '100')
    .option('--open', 'only alerts whose condition still holds (not resolved)')
    .option('--before-id <id>', 'the page after this alert (the last id of the previous page)')
    .action((opts: { unread?: boolean; limit: string; open?: boolean; beforeId?: string }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        await ctx.engine.settle();
        const limit = parseWhole(opts.limit, '--limit', 1, 10_000);
        const before = opts.beforeId === undefined ? null : parseWhole(opts.beforeId, '--before-id', 1);
        const all = ctx.services.alerts.list({ unread: Boolean(opts.unread), open: Boolean(opts.open), limit: before === null ? limit : 10_000 });
        const from = before === null ? 0 : all.findIndex((a) => a.id === before) + 1;
        if (before !== null && from === 0) throw new RefusedError('unknown_alert', `no alert ${before} in this list: start again from the first page`);
        const list = all.slice(from, from + limit).map(alertJson);
        ctx.print(list, () => (list.length ? list.map((a) => `${a.read ? ' ' : '•'} ${a.at}  ${a.severity.padEnd(8)} ${a.message}`).join('\n') : 'No alerts.'));
      }),
    );

  alerts
    .command('read [ids...]')
    .description('mark alerts read (--all for every unread alert)')
    .option('--all', 'mark all read')
    .action((ids: string[], opts: { all?: boolean }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        if (!opts.all && ids.length === 0) throw new RefusedError('missing_ids', 'give alert ids, or --all');
        const changed = ctx.services.alerts.markRead(opts.all ? 'all' : ids.map((i) => parseWhole(i, 'alert id', 1)));
        ctx.print({ marked: changed, unread: ctx.services.alerts.unreadCount() }, () => `Marked ${changed} alert(s) read.`);
      }),
    );

  alerts
    .command('pending')
    .description('alerts waiting to be shown as notifications; --mark-delivered drains them')
    .option('--mark-delivered', 'mark the listed alerts as shown')
    .action((opts: { markDelivered?: boolean }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        await ctx.engine.settle();
        const list = ctx.services.alerts.pendingDeliveries();
        if (opts.markDelivered) ctx.services.alerts.markDelivered(list.map((a) => a.id));
        ctx.print(list.map(alertJson), () => (list.length ? list.map((a) => `${a.title}: ${a.message}`).join('\n') : 'Nothing to deliver.'));
      }),
    );

  alerts
    .command('settings')
    .description('show or change alert settings')
    .option('--low-balance <credits,...>', 'low-balance thresholds, e.g. 2000,500 (off: none)')
    .option('--runway-hours <n>', 'alert when the runway drops below n hours (off: never)')
    .option('--summary-time <HH:MM>', 'local time of the daily and weekly summaries')
    .option('--daily <on|off>', 'daily spend summary')
    .option('--weekly <on|off>', 'weekly spend summary')
    .option('--weekly-day <day>', 'day of the weekly summary: mon…sun')
    .option('--limit <ID:CREDITS/HOURS...>', "a deployment's spend limit over a trailing window, e.g. 3:5000/24")
    .option('--clear-limit <ID...>', "remove a deployment's spend limit")
    .action((opts: SettingsOpts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const a = ctx.services.alerts;
        const patch = settingsPatch(opts, a.settings());
        const s = Object.keys(patch).length > 0 ? await a.updateSettings(patch) : a.settings();
        ctx.print(s, () =>
          [
            `Low balance:   ${s.lowBalanceThresholds.length ? s.lowBalanceThresholds.join(', ') : 'off'}`,
            `Runway below:  ${s.runwayHours === null ? 'off' : `${s.runwayHours} h`}`,
            `Summaries:     daily ${s.dailySummary ? 'on' : 'off'}, weekly ${s.weeklySummary ? `on (${s.weeklyDay})` : 'off'} at ${s.summaryTime}`,
            `Spend limits:  ${s.deploymentLimits.length ? s.deploymentLimits.map((l) => `#${l.deploymentId} ${l.limitCredits}/${l.windowHours} h`).join(', ') : 'none'}`,
          ].join('\n'),
        );
      }),
    );
}
