import { z } from 'zod';
import { isoOrNull } from '../../core/calendar.js';
import { importUsage } from '../../core/usage/usage-import.js';
import { shownUrl } from '../../core/usage/shown-url.js';
import { handler, type HandlerTable } from './handler-types.js';
import { emptyInput, idSchema } from './schemas.js';

/** A usage file's text: large exports are fine, unbounded ones are not. */
const MAX_IMPORT_CHARS = 64 * 1024 * 1024;

/** Request counts: import, the metrics URL per deployment, and scraping it now. */
export const usageHandlers: HandlerTable = {
  'usage/import': handler('usage/import', {
    schema: z.strictObject({ text: z.string().max(MAX_IMPORT_CHARS), fileName: z.string().max(1000).optional() }),
    mutates: true,
    handle: ({ services }, { text, fileName }) => importUsage(services.engine, text, fileName ?? ''),
  }),
  'usage/setTarget': handler('usage/setTarget', {
    // The URL is checked by the core (its own code and words).
    schema: z.strictObject({ deploymentId: idSchema, url: z.string().max(10_000) }),
    mutates: true,
    handle({ services }, { deploymentId, url }) {
      const t = services.usage.setTarget(deploymentId, url);
      return { deploymentId: t.deploymentId, url: t.url };
    },
  }),
  'usage/removeTarget': handler('usage/removeTarget', {
    schema: z.strictObject({ deploymentId: idSchema }),
    mutates: true,
    handle: ({ services }, { deploymentId }) => ({ removed: services.usage.removeTarget(deploymentId) }),
  }),
  'usage/scrape': handler('usage/scrape', {
    schema: z.strictObject({ deploymentId: idSchema.optional() }),
    mutates: true,
    async handle({ services }, { deploymentId }) {
      const results = await services.usage.scrape(deploymentId);
      const targets = services.usage.targets();
      return results.map((r) => ({ ...r, lastAt: isoOrNull(targets.find((t) => t.deploymentId === r.deploymentId)?.lastAt ?? null) }));
    },
  }),
  'usage/targets': handler('usage/targets', {
    schema: emptyInput,
    handle: ({ services }) =>
      services.usage.targets().map((t) => ({ deploymentId: t.deploymentId, url: shownUrl(t.url), lastAt: isoOrNull(t.lastAt), lastError: t.lastError })),
  }),
};
