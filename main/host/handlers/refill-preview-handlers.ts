import { z } from 'zod';
import { handler, type HandlerTable } from './handler-types.js';
import { purchaseCreditsSchema, thresholdSchema } from './payment-schemas.js';
import { refillPreview } from './refill-preview.js';

/** The auto-refill form's live preview: figures for a draft, nothing saved. */
export const refillPreviewHandlers: HandlerTable = {
  'payments/refillPreview': handler('payments/refillPreview', {
    // The same field rules as payments/setAutoRefill, so the preview refuses what saving would.
    schema: z.strictObject({
      enabled: z.boolean().optional(),
      threshold: thresholdSchema,
      amount: purchaseCreditsSchema,
      maxPerDay: z.int('a whole number of refills').min(1, 'at least 1 refill a day').max(24, 'at most 24 refills a day'),
      monthlyLimit: z.int('whole credits').min(100, 'the monthly limit is at least $1.00 (100 credits)').max(1_000_000_000).nullable().optional(),
    }),
    async handle({ services }, draft) {
      await services.engine.settle();
      return refillPreview(draft, services.insights.forecast().burnPerHour);
    },
  }),
};
