import fs from 'node:fs';
import type { Command } from 'commander';
import type { ControlView, SetControlInput } from '../../../../preload/contract.js';
import { RefusedError } from '../../../core/errors.js';
import { controlHistoryLines } from '../../control-present.js';
import { CliContext } from '../cli-context.js';
import { parseId, parseWhole } from '../parse.js';
import { IDLE_MINUTES } from '../../../core/control/idle-pause.js';
import { formatCredits } from '../../../core/money.js';
import { EXIT, runCommand } from '../run-command.js';

interface SetOptions {
  command?: string;
  arg: string[];
  webhook?: string;
  secret?: string;
  verifyUrl?: string;
}

const collect = (v: string, all: string[]): string[] => [...all, v];

/** `--secret -` reads the secret from stdin, so it stays out of the process list and shell history. */
function readSecret(value: string): string {
  return value === '-' ? fs.readFileSync(0, 'utf8').trim() : value;
}

/** Turns `deploy control set` options into one control, or refuses a mix. */
function controlInput(id: number, o: SetOptions): SetControlInput {
  if (Boolean(o.command) === Boolean(o.webhook)) throw new RefusedError('invalid_control', 'give exactly one of --command PATH or --webhook URL');
  if (o.command) {
    if (o.secret !== undefined) throw new RefusedError('invalid_control', '--secret goes with --webhook, not --command');
    return { id, kind: 'command', command: o.command, args: o.arg, verifyUrl: o.verifyUrl ?? null };
  }
  if (o.arg.length > 0) throw new RefusedError('invalid_control', '--arg goes with --command, not --webhook');
  if (o.secret === undefined) throw new RefusedError('invalid_secret', '--webhook needs --secret whsec_… (or --secret - to read it from stdin)');
  return { id, kind: 'webhook', url: o.webhook!, secret: readSecret(o.secret), verifyUrl: o.verifyUrl ?? null };
}

/** A control view as the CLI prints it: after `set`, without the history (`show` lists it). */
function cliView(v: ControlView, history: boolean): ControlView {
  return { ...v, history: history ? v.history : [] };
}

/** `deploy control set|show|clear|test`. */
export function registerControl(deploy: Command): void {
  const control = deploy.command('control').description('the command or webhook that starts and stops the real instance (docs/deployment-control.md)');

  control
    .command('set <id>')
    .description('attach a command (run without a shell, the action as its last argument) or a signed webhook')
    .option('--command <path>', 'absolute path of an executable run on every state change')
    .option('--arg <value>', 'a fixed argument before the action (repeat for more)', collect, [])
    .option('--webhook <url>', 'URL that receives a Standard Webhooks POST on every state change')
    .option('--secret <whsec>', 'the webhook signing secret (whsec_…); - reads it from stdin')
    .option('--verify-url <url>', 'checked after each action: 2xx serving; refused or 5xx not serving')
    .action((id: string, opts: SetOptions, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const deploymentId = parseId(id);
        const view = cliView(await ctx.door.call('control/set', controlInput(deploymentId, opts)), false);
        const c = view.control!;
        ctx.print(
          view,
          () =>
            `Deployment ${deploymentId} is controlled by ${c.kind === 'command' ? `the command ${c.command}` : `a webhook to ${c.url}`}${c.verifyUrl ? `, checked at ${c.verifyUrl}` : ''}. Try it with: burnrate deploy control test ${deploymentId}`,
        );
      }),
    );

  control
    .command('show <id>')
    .description("a deployment's control and the history of its actions (never the webhook secret)")
    .option('--limit <n>', 'actions to list, newest first', '20')
    .action((id: string, opts: { limit: string }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const deploymentId = parseId(id);
        const limit = Math.max(0, Math.min(1000, Number.parseInt(opts.limit, 10) || 20));
        const view = cliView(await ctx.door.call('control/get', { id: deploymentId, limit }), true);
        ctx.print(view, () => {
          const c = view.control;
          const head = !c
            ? `Deployment ${deploymentId} has no control.`
            : c.kind === 'command'
              ? `Command: ${[c.command, ...c.args].join(' ')} <action>`
              : `Webhook: ${c.url} (secret ${c.hasSecret ? 'kept' : 'missing'})`;
          const verify = c?.verifyUrl ? `\nVerify: ${c.verifyUrl}` : '';
          const idle = view.idleAfterMinutes ? `\nIdle auto-pause after ${view.idleAfterMinutes} min without a request.` : '';
          const lines = controlHistoryLines(view);
          return `${head}${verify}${idle}${lines.length ? `\n${lines.join('\n')}` : ''}`;
        });
      }),
    );

  control
    .command('clear <id>')
    .description("remove a deployment's control (actions not yet sent are dropped)")
    .action((id: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const deploymentId = parseId(id);
        const { removed } = await ctx.door.call('control/clear', { id: deploymentId });
        ctx.print({ deploymentId, removed }, () => (removed ? `Deployment ${deploymentId} has no control now.` : `Deployment ${deploymentId} had no control.`));
      }),
    );

  control
    .command('test <id>')
    .description('send action "test" now (changes nothing); exit 1 when the hook fails')
    .action((id: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const r = await ctx.door.call('control/test', { id: parseId(id) });
        ctx.print(
          { ok: r.ok, detail: r.detail, probe: r.probe },
          () => `${r.ok ? 'The hook answered' : 'The hook failed'}: ${r.detail}.${r.probe ? ` The verify URL says: ${r.probe.replace('_', ' ')}.` : ''}`,
        );
        if (!r.ok) {
          ctx.err(`burnrate: control test failed: ${r.detail}\n`);
          ctx.runtime.exitCode = EXIT.internal;
        }
      }),
    );
}

/** `deploy idle ID --after MINUTES | --off`. */
export function registerIdle(deploy: Command): void {
  deploy
    .command('idle <id>')
    .description('pause a running deployment (reason idle) after MINUTES without a request; needs request counts (usage scrape or import)')
    .option('--after <minutes>', `minutes without a request, ${IDLE_MINUTES.min} to ${IDLE_MINUTES.max}`)
    .option('--off', 'turn idle auto-pause off (the default)')
    .action((id: string, opts: { after?: string; off?: boolean }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const deploymentId = parseId(id);
        if (Boolean(opts.off) === (opts.after !== undefined)) throw new RefusedError('invalid_option', 'give --after MINUTES or --off');
        const minutes = opts.off ? null : parseWhole(opts.after!, '--after', IDLE_MINUTES.min, IDLE_MINUTES.max);
        await ctx.door.call('control/setIdle', { id: deploymentId, afterMinutes: minutes });
        const d = await ctx.door.call('deployments/get', { id: deploymentId });
        const perDay = d.creditsPerHour * 24;
        ctx.print({ deploymentId, idleAfterMinutes: minutes }, () =>
          minutes === null
            ? `Idle auto-pause is off for ${d.name}.`
            : `${d.name} pauses after ${minutes} min without a request (saves ${formatCredits(perDay)} a day while paused). It needs request counts: burnrate usage scrape-config or usage import.`,
        );
      }),
    );
}
