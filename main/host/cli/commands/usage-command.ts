import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { RefusedError } from '../../../core/errors.js';
import { CliContext } from '../cli-context.js';
import { parseId } from '../parse.js';
import { runCommand } from '../run-command.js';

/** `usage import FILE`, `usage scrape-config ID --url URL|--remove`, `usage scrape [ID]`, `usage targets`. */
export function registerUsage(program: Command): void {
  const usage = program.command('usage').description('request counts per deployment-hour (for idle detection and cost per 1,000 requests)');

  usage
    .command('import <file>')
    .description('import request counts from CSV (deploymentId,hour,requests) or JSON ([{deploymentId, hour, requests}])')
    .action((file: string, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        let text: string;
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch (err) {
          throw new RefusedError('unreadable_file', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
        const r = await ctx.door.call('usage/import', { text, fileName: path.basename(file) });
        ctx.print(r, () =>
          [
            `Imported ${r.imported} of ${r.rows} row(s) into ${r.hours} deployment-hour(s).`,
            ...r.rejected.map((x) => `  rejected row ${x.row}: ${x.reason}`),
          ].join('\n'),
        );
      }),
    );

  usage
    .command('scrape-config <id>')
    .description("set (or remove) a deployment's Prometheus metrics URL (vLLM /metrics)")
    .option('--url <url>', 'metrics URL, e.g. http://10.0.0.5:8000/metrics')
    .option('--remove', 'stop scraping this deployment')
    .action((id: string, opts: { url?: string; remove?: boolean }, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const dep = parseId(id);
        if (opts.remove) {
          const { removed } = await ctx.door.call('usage/removeTarget', { deploymentId: dep });
          ctx.print({ deploymentId: dep, removed }, () => (removed ? 'Scraping stopped.' : 'There was no metrics URL.'));
          return;
        }
        if (!opts.url) throw new RefusedError('missing_url', 'give --url URL (or --remove)');
        const t = await ctx.door.call('usage/setTarget', { deploymentId: dep, url: opts.url });
        ctx.print({ deploymentId: t.deploymentId, url: t.url }, () => `Deployment ${dep} will be scraped at ${t.url}.`);
      }),
    );

  usage
    .command('targets')
    .description('list the metrics URLs (without passwords or query values) and how each last scrape went')
    .action((_opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const targets = await ctx.door.call('usage/targets', {});
        ctx.print(targets, () =>
          targets.length
            ? targets
                .map(
                  (t) =>
                    `#${t.deploymentId}: ${t.url}${t.lastError ? ` — last scrape failed: ${t.lastError}` : t.lastAt ? ` — last scraped ${t.lastAt}` : ' — not scraped yet'}`,
                )
                .join('\n')
            : 'No metrics URLs configured.',
        );
      }),
    );

  usage
    .command('scrape [id]')
    .description('scrape the metrics endpoints now (one deployment, or all configured)')
    .action((id: string | undefined, _opts, cmd: Command) =>
      runCommand(CliContext.from(cmd), async (ctx) => {
        const out = await ctx.door.call('usage/scrape', id ? { deploymentId: parseId(id) } : {});
        ctx.print(out, () =>
          out.length
            ? out.map((r) => `#${r.deploymentId}: ${r.ok ? `+${r.requests} request(s)` : `failed: ${r.error}`}`).join('\n')
            : 'No metrics URLs configured.',
        );
      }),
    );
}
