import { z } from 'zod';
import { monthRefilledCredits } from '../../core/payments/refill-caps.js';
import { userTimeZone } from '../../core/settings/engine-settings.js';
import { handler, type HandlerTable } from './handler-types.js';
import { maxPerDaySchema, monthlyLimitSchema, purchaseCreditsSchema, thresholdSchema } from './payment-schemas.js';
import { refillMonth, refillPreview } from './refill-preview.js';

/** The auto-refill form's live preview: figures for a draft, nothing saved. */
export const refillPreviewHandlers: HandlerTable = {
  'payments/refillPreview': handler('payments/refillPreview', {
    // The same field rules as payments/setAutoRefill, so the preview refuses what saving would.
    schema: z.strictObject({
      enabled: z.boolean().optional(),
      threshold: thresholdSchema,
      amount: purchaseCreditsSchema,
      maxPerDay: maxPerDaySchema,
      monthlyLimit: monthlyLimitSchema.optional(),
    }),
    async handle({ services }, draft) {
      await services.engine.settle();
      const { engine } = services;
      const now = engine.now();
      const tz = userTimeZone(engine.settings);
      // Asked on every keystroke: only the burn rate, not the forecast's runway walk.
      return refillPreview(draft, services.insights.burnPerHour(), refillMonth(now, tz, monthRefilledCredits(engine.db, now, tz)));
    },
  }),
};
