import type { Command } from 'commander';
import type { Alert, AlertSettings } from '../../../../preload/contract.js';
import { RefusedError } from '../../../core/errors.js';
import { CliContext } from '../cli-context.js';
import { parseId, parseOnOff, parseWhole } from '../parse.js';
import { runCommand } from '../run-command.js';

/** An alert as the CLI shows it (its JSON shape predates the contract's: no resolution, buttons without their screen). */
export function alertJson(a: Alert) {
  // The list keeps its JSON shape: resolution shows through --open, not as new fields.
  return {
    id: a.id,
    kind: a.kind,
    severity: a.severity,
    title: a.title,
    message: a.message,
    deploymentId: a.deploymentId ?? null,
    actions: (a.actions ?? []).map((x) => ({ label: x.label, target: x.target })),
    data: a.data ?? {},
    at: a.at,
    raisedAt: a.raisedAt ?? a.at,
    read: a.read,
    delivery: a.delivery ?? 'delivered',
  };
}

/** Alert settings as the CLI shows them: a spend limit's credits are `limitCredits`. */
function settingsJson(s: AlertSettings) {
  return { ...s, deploymentLimits: s.deploymentLimits.map((l) => ({ deploymentId: l.deploymentId, windowHours: l.windowHours, limitCredits: l.credits })) };
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

/** Turns the flags into a settings patch (its rules are the engine's: alerts/setSettings refuses what breaks them). */
function settingsPatch(o: SettingsOpts, current: AlertSettings): Partial<AlertSettings> {
  const p: Partial<AlertSettings> = {};
  if (o.lowBalance !== undefined)
    p.lowBalanceThresholds = o.lowBalance.trim() === '' || o.lowBalance === 'off' ? [] : o.lowBalance.split(',').map((t) => parseWhole(t, '--low-balance', 1));
  if (o.runwayHours !== undefined) p.runwayHours = o.runwayHours === 'off' ? null : parseWhole(o.runwayHours, '--runway-hours', 1, 24 * 90);
  if (o.summaryTime !== undefined) p.summaryTime = o.summaryTime.trim();
  if (o.daily !== undefined) p.dailySummary = parseOnOff(o.daily, '--daily');
  if (o.weekly !== undefined) p.weeklySummary = parseOnOff(o.weekly, '--weekly');
  if (o.weeklyDay !== undefined) p.weeklyDay = o.weeklyDay.trim().toLowerCase();
  if (o.limit || o.clearLimit) {
    let limits = [...current.deploymentLimits];
    for (const id of o.clearLimit ?? []) limits = limits.filter((l) => l.deploymentId !== parseId(id));
    for (const spec of o.limit ?? []) {
      const m = /^(\d+):(\d+)\/(\d+)h?$/.exec(spec.trim());
      if (!m) throw new RefusedError('invalid_setting', `--limit is ID:CREDITS/HOURS, e.g. 3:5000/24, got '${spec}'`);
      const deploymentId = parseId(m[1]!);
      limits = [
        ...limits.filter((l) => l.deploymentId !== deploymentId),
        { deploymentId, credits: parseWhole(m[2]!, 'limit credits', 1), windowHours: parseWhole(m[3]!, 'limit hours', 1, 24 * 31) },
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
        const limit = parseWhole(opts.limit, '--limit', 1, 10_000);
        const beforeId = opts.beforeId === undefined ? undefined : parseWhole(opts.beforeId, '--before-id', 1);
        const page = await ctx.door.call('alerts/list', { unreadOnly: Boolean(opts.unread), open: Boolean(opts.open), limit, beforeId });
        const list = page.alerts.map(alertJson);
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
        const r = opts.all
          ? await ctx.door.call('alerts/markAllRead', {})
          : await ctx.door.call('alerts/markRead', { ids: ids.map((i) => parseWhole(i, 'alert id', 1)) });
        const changed = r.marked ?? 0;
        ctx.print({ marked: changed, unread: r.unread }, () => `Marked ${changed} alert(s) read.`);
      }),
    );

  alerts
    .command('pending')
    .description('alerts waiting to be shown as notifications; --mark-delivered drains them')
    .option('--mark-delivered', 'mark the listed alerts as shown')
    .action((opts: { markDelivered?: boolean }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const list = await ctx.door.call('alerts/pending', {});
        if (opts.markDelivered && list.length > 0) await ctx.door.call('alerts/markDelivered', { ids: list.map((a) => a.id) });
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
        const current = await ctx.door.call('alerts/getSettings', {});
        const patch = settingsPatch(opts, current);
        const s = settingsJson(Object.keys(patch).length > 0 ? await ctx.door.call('alerts/setSettings', patch) : current);
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
