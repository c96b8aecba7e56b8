import { z } from 'zod';
import { RefusedError } from '../../core/errors.js';
import { allowedExternalUrl } from '../url-allow-list.js';
import { handler, type HandlerTable } from './handler-types.js';

/** Host-side actions the UI may ask for: opening an allow-listed page in the browser. */
export const shellHandlers: HandlerTable = {
  'shell/openExternal': handler('shell/openExternal', {
    schema: z.strictObject({ url: z.string().max(2048) }),
    async handle(ctx, { url }) {
      const allowed = allowedExternalUrl(url, { sandboxOrigin: ctx.services.payments.sandboxOrigin() });
      if (!allowed) throw new RefusedError('url_not_allowed', 'only Stripe checkout and receipt pages can be opened from Burnrate');
      if (!ctx.host.openExternal) return { opened: false };
      return { opened: await ctx.host.openExternal(allowed) };
    },
  }),
};
