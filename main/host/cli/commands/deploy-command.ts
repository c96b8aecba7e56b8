import { type Command, Option } from 'commander';
import type { LifecycleResult } from '../../../core/deployments/deployment-lifecycle.js';
import { PRECISIONS, type Precision } from '../../../core/deployments/deployment-types.js';
import { parseParamsB } from '../../../core/deployments/validate-deployment.js';
import { formatCredits } from '../../../core/money.js';
import { CliContext } from '../cli-context.js';
import { parseId } from '../parse.js';
import { deploymentJson } from '../present.js';
import { runCommand } from '../run-command.js';
import { registerControl, registerIdle } from './control-command.js';

type Verb = 'start' | 'pause' | 'resume' | 'stop';

const VERBS: Record<Verb, { help: string; run: (ctx: CliContext, id: number) => Promise<LifecycleResult> }> = {
  start: { help: 'start a created deployment (charges its first hour now)', run: (c, id) => c.engine.startDeployment(id) },
  pause: { help: 'pause a running deployment (the paid hour is not refunded)', run: (c, id) => c.engine.pauseDeployment(id) },
  resume: { help: 'resume a paused deployment', run: (c, id) => c.engine.resumeDeployment(id) },
  stop: { help: 'stop a deployment for good', run: (c, id) => c.engine.stopDeployment(id) },
};

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
        const d = await ctx.engine.createDeployment({
          name: opts.name,
          model: opts.model,
          paramsB: parseParamsB(opts.params),
          precision: opts.precision,
          tier: opts.tier.trim().toUpperCase(),
        });
        ctx.print(
          deploymentJson(ctx.engine, d),
          () => `Created deployment ${d.id} (${d.name}, ${d.model}, GPU ${d.tier}). Start it with: burnrate deploy start ${d.id}`,
        );
      }),
    );

  deploy
    .command('list')
    .description('list deployments with their state')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        await ctx.engine.settle();
        const rows = ctx.engine.deployments.list().map((d) => deploymentJson(ctx.engine, d));
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
          const r = await spec.run(ctx, parseId(id));
          const balance = ctx.engine.ledger.balance();
          ctx.print(
            { ...deploymentJson(ctx.engine, r.deployment), chargedCredits: r.chargedCredits, balance },
            () =>
              `${r.deployment.name} is ${r.deployment.state}.${r.chargedCredits ? ` Charged ${formatCredits(r.chargedCredits)}.` : ''} Balance ${formatCredits(balance)}.`,
          );
        }),
      );
  }
}
