import { type Command, Option } from 'commander';
import type { Channel, LifecycleReply } from '../../../../preload/contract.js';
import { PRECISIONS, type Precision } from '../../../core/deployments/deployment-types.js';
import { formatCredits } from '../../../core/money.js';
import { CliContext } from '../cli-context.js';
import { parseId, parseParamsB } from '../parse.js';
import { runCommand } from '../run-command.js';
import { registerControl, registerIdle } from './control-command.js';

type Verb = 'start' | 'pause' | 'resume' | 'stop';

const VERBS: Record<Verb, { help: string; channel: Channel & `deployments/${Verb}` }> = {
  start: { help: 'start a created deployment (charges its first hour now)', channel: 'deployments/start' },
  pause: { help: 'pause a running deployment (the paid hour is not refunded)', channel: 'deployments/pause' },
  resume: { help: 'resume a paused deployment', channel: 'deployments/resume' },
  stop: { help: 'stop a deployment for good', channel: 'deployments/stop' },
};

/** A lifecycle reply as the CLI prints it: the deployment's fields, then what was charged and the balance. */
function lifecycleJson(r: LifecycleReply) {
  return { ...r.deployment, chargedCredits: r.chargedCredits, balance: r.balance };
}

/** `deploy create|list|start|pause|resume|stop`. */
export function registerDeploy(program: Command): void {
  const deploy = program.command('deploy').description('create and control deployments');
  registerControl(deploy);
  registerIdle(deploy);

  deploy
    .command('create')
    .description('create a deployment (state: created; nothing is charged until it starts)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--model <model>', 'model, e.g. llama-3-70b')
    .requiredOption('--params <billions>', 'parameter count in billions, e.g. 70 or 70B')
    .addOption(new Option('--precision <precision>', 'weights precision').choices([...PRECISIONS]).makeOptionMandatory())
    .requiredOption('--tier <tier>', 'instance tier: S, M or L')
    .action((opts: { name: string; model: string; params: string; precision: Precision; tier: string }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const d = await ctx.door.call('deployments/create', {
          name: opts.name,
          model: opts.model,
          paramsB: parseParamsB(opts.params),
          precision: opts.precision,
          tier: opts.tier,
        });
        ctx.print(d, () => `Created deployment ${d.id} (${d.name}, ${d.model}, GPU ${d.tier}). Start it with: burnrate deploy start ${d.id}`);
      }),
    );

  deploy
    .command('list')
    .description('list deployments with their state')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const rows = await ctx.door.call('deployments/list', {});
        ctx.print(rows, () =>
          rows.length === 0
            ? 'No deployments yet. Create one with: burnrate deploy create --name … --model … --params … --precision … --tier S|M|L'
            : rows
                .map(
                  (r) =>
                    `${String(r.id).padStart(4)}  ${r.name.padEnd(24)} GPU ${r.tier}  ${r.state}${r.pausedReason ? ` (${r.pausedReason})` : ''}  ${r.creditsPerHour} credits/h`,
                )
                .join('\n'),
        );
      }),
    );

  for (const [verb, spec] of Object.entries(VERBS) as [Verb, (typeof VERBS)[Verb]][]) {
    deploy
      .command(`${verb} <id>`)
      .description(spec.help)
      .action((id: string, _opts, cmd: Command) =>
        runCommand(CliContext.from(cmd), async (ctx) => {
          const r = await ctx.door.call(spec.channel, { id: parseId(id) });
          ctx.print(
            lifecycleJson(r),
            () =>
              `${r.deployment.name} is ${r.deployment.state}.${r.chargedCredits ? ` Charged ${formatCredits(r.chargedCredits)}.` : ''} Balance ${formatCredits(r.balance)}.`,
          );
        }),
      );
  }
}
