import type { Command } from 'commander';
import type { Suggestion } from '../../../../preload/contract.js';
import { SUGGESTION_KINDS } from '../../../core/insights/suggestions.js';
import { formatCredits } from '../../../core/money.js';
import { RefusedError } from '../../../core/errors.js';
import { CliContext } from '../cli-context.js';
import { parseId } from '../parse.js';
import { runCommand } from '../run-command.js';

/** A suggestion as the CLI prints it (its JSON shape predates the contract's): kinds spelled with hyphens, as `apply` takes them. */
function suggestionJson(s: Suggestion) {
  return {
    kind: s.kind.replace(/_/g, '-'),
    deploymentId: s.deploymentId,
    monthlySavingCredits: s.monthlySaving,
    action: s.action ?? null,
    title: s.title,
    reason: s.why,
  };
}

/** `suggestions` (list) and `suggestions apply KIND ID`. */
export function registerSuggestions(program: Command): void {
  const cmd = program
    .command('suggestions')
    .description('savings suggestions with their monthly saving in credits, largest first')
    .action((_opts, c: Command) =>
      runCommand(CliContext.from(c), async (ctx) => {
        const list = (await ctx.door.call('insights/suggestions', {})).map(suggestionJson);
        ctx.print(list, () =>
          list.length === 0
            ? 'No suggestions: nothing running could be cheaper.'
            : list
                .map(
                  (s) =>
                    `${s.kind.padEnd(11)} #${s.deploymentId}  saves ${formatCredits(s.monthlySavingCredits)}/month  ${s.title}${s.action ? '' : ' (manual)'}\n             ${s.reason}`,
                )
                .join('\n'),
        );
      }),
    );
  cmd
    .command('apply <kind> <id>')
    .description(`apply a suggestion (${SUGGESTION_KINDS.join(', ')}) for a deployment`)
    .action((kind: string, id: string, _opts, c: Command) =>
      runCommand(CliContext.from(c), async (ctx) => {
        if (!(SUGGESTION_KINDS as readonly string[]).includes(kind))
          throw new RefusedError('unknown_suggestion', `kind must be one of ${SUGGESTION_KINDS.join(', ')}`);
        const r = await ctx.door.call('insights/applySuggestion', { id: `${kind}:${parseId(id)}` });
        if (!r.suggestion) throw new Error('insights/applySuggestion answered without the suggestion it applied');
        const s = suggestionJson(r.suggestion);
        ctx.print({ applied: s }, () => `Applied: ${s.title}. Saves about ${formatCredits(s.monthlySavingCredits)} a month.`);
      }),
    );
}
