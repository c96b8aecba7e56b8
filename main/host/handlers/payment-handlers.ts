import { z } from 'zod';
import { RefusedError } from '../../core/errors.js';
import { PACKS_USD, readPurchaseUsd } from '../../core/payments/amounts.js';
import type { Services } from '../../core/services.js';
import { handler, type HandlerTable } from './handler-types.js';
import { entryDto } from './present.js';
import { cardDto, cardRef, purchaseReply } from './payment-present.js';
import { refillDto } from './refill-present.js';
import {
  amountCredits,
  cardIdSchema,
  maxPerDaySchema,
  monthlyLimitSchema,
  payingCardSchema,
  paymentIntentSchema,
  paymentMethodSchema,
  purchaseCreditsSchema,
  requestKeySchema,
  sessionIdSchema,
  thresholdSchema,
  usdTextSchema,
  withOneAmount,
} from './payment-schemas.js';
import { emptyInput } from './schemas.js';

function cards(services: Services) {
  return services.payments.savedCards().map(cardDto);
}

/** Packs, saved cards, purchases with a saved card, Checkout, sync. */
export const paymentHandlers: HandlerTable = {
  'payments/packs': handler('payments/packs', {
    schema: emptyInput,
    handle: () => PACKS_USD.map((usd) => ({ credits: usd * 100, amountCents: usd * 100, label: `$${usd}` })),
  }),
  'payments/cards': handler('payments/cards', {
    schema: emptyInput,
    // The cards of the backend in use: a changed backend (sandbox reset, another key) swaps them first.
    handle: async ({ services }) => (await services.payments.listCards()).map(cardDto),
  }),
  'payments/addCard': handler('payments/addCard', {
    schema: z.strictObject({ paymentMethodId: paymentMethodSchema }),
    mutates: true,
    handle: async ({ services }, { paymentMethodId }) => cardDto(await services.payments.addCard(paymentMethodId)),
  }),
  'payments/setupCard': handler('payments/setupCard', {
    schema: emptyInput,
    mutates: true,
    async handle({ services }) {
      const r = await services.payments.startCardSetup();
      return { url: r.url, sessionId: r.sessionId, sandbox: services.payments.sandboxOrigin() !== null };
    },
  }),
  'payments/cardSetupStatus': handler('payments/cardSetupStatus', {
    schema: z.strictObject({ sessionId: sessionIdSchema }),
    mutates: true,
    async handle({ services }, { sessionId }) {
      const st = await services.payments.cardSetupStatus(sessionId);
      return { sessionId: st.sessionId, status: st.status, card: st.card ? cardDto(st.card) : null, lastDecline: st.lastDecline };
    },
  }),
  'payments/removeCard': handler('payments/removeCard', {
    schema: z.strictObject({ cardId: cardIdSchema }),
    mutates: true,
    async handle({ services }, { cardId }) {
      await services.payments.removeCard(cardId);
      return cards(services);
    },
  }),
  'payments/removeCardReport': handler('payments/removeCardReport', {
    schema: z.strictObject({ cardId: cardIdSchema }),
    mutates: true,
    async handle({ services }, { cardId }) {
      const { refill, ...removed } = await services.payments.removeCard(cardId);
      return { removed: cardDto(removed), refill, cards: cards(services) };
    },
  }),
  'payments/setDefaultCard': handler('payments/setDefaultCard', {
    schema: z.strictObject({ cardId: cardIdSchema }),
    mutates: true,
    async handle({ services }, { cardId }) {
      await services.payments.setDefaultCard(cardId);
      return cards(services);
    },
  }),
  'payments/purchase': handler('payments/purchase', {
    schema: withOneAmount(
      z.strictObject({
        credits: purchaseCreditsSchema.optional(),
        usd: usdTextSchema.optional(),
        cardId: payingCardSchema.optional(),
        requestKey: requestKeySchema.optional(),
      }),
    ),
    mutates: true,
    async handle({ services }, input) {
      const credits = amountCredits(input);
      // No card: the default one. A decline is a RefusedError('card_declined') carrying the bank's own message.
      const r = await services.payments.buy({ credits, card: input.cardId, requestKey: input.requestKey });
      return purchaseReply(services, credits, r);
    },
  }),
  'payments/checkout': handler('payments/checkout', {
    schema: withOneAmount(z.strictObject({ credits: purchaseCreditsSchema.optional(), usd: usdTextSchema.optional() })),
    mutates: true,
    async handle({ services }, input) {
      const r = await services.payments.checkout({ credits: amountCredits(input) });
      return { purchaseId: r.sessionId, url: r.url, sessionId: r.sessionId, credits: r.credits, sandbox: services.payments.sandboxOrigin() !== null };
    },
  }),
  'payments/parseAmount': handler('payments/parseAmount', {
    schema: z.strictObject({ text: z.string().max(200, 'a dollar amount like 25 or 25.50') }),
    handle(_ctx, { text }) {
      const r = readPurchaseUsd(text);
      if (!r.ok) throw new RefusedError('invalid_amount', r.reason);
      return { credits: r.credits };
    },
  }),
  'payments/checkoutStatus': handler('payments/checkoutStatus', {
    schema: z.strictObject({ sessionId: sessionIdSchema }),
    mutates: true,
    async handle({ services }, { sessionId }) {
      // The payments module asks Stripe about this one open session and credits it exactly once; its
      // statuses are the contract's (`processing` is never sent: a payment not yet confirmed is `open`).
      const st = await services.payments.checkoutStatus(sessionId);
      return {
        sessionId: st.sessionId,
        status: st.status,
        credits: st.credits,
        entry: st.entry && entryDto(st.entry),
        balance: st.balance,
        paymentIntent: st.paymentIntent,
      };
    },
  }),
  'payments/receipt': handler('payments/receipt', {
    schema: z.strictObject({ paymentIntent: paymentIntentSchema }),
    // The core refuses anything but a succeeded payment (`unknown_payment`), in the same words for every host.
    handle: ({ services }, { paymentIntent }) => services.payments.receipt(paymentIntent),
  }),
  'payments/sync': handler('payments/sync', {
    schema: emptyInput,
    mutates: true,
    async handle({ services }) {
      const r = await services.payments.sync();
      return {
        applied: r.credited.length + r.refunds.length,
        balance: services.engine.ledger.balance(),
        pending: r.pending,
        credited: r.credited,
        failed: r.failed,
        refunds: r.refunds,
        eventsSeen: r.eventsSeen,
        eventsApplied: r.eventsApplied,
        cardsAdded: r.cardsAdded.map(cardRef),
        refill: r.refill,
      };
    },
  }),
  'payments/getAutoRefill': handler('payments/getAutoRefill', {
    schema: emptyInput,
    async handle({ services }) {
      await services.engine.settle();
      return refillDto(services.payments.refillView(), services.insights.burnPerHour());
    },
  }),
  'payments/setAutoRefill': handler('payments/setAutoRefill', {
    schema: z.strictObject({
      enabled: z.boolean().optional(),
      threshold: thresholdSchema.optional(),
      amount: purchaseCreditsSchema.optional(),
      cardId: cardIdSchema.nullable().optional(),
      maxPerDay: maxPerDaySchema.optional(),
      monthlyLimit: monthlyLimitSchema.optional(),
    }),
    mutates: true,
    async handle({ services }, input) {
      const current = services.payments.refillView();
      // Turning it off keeps the other settings as saved, for turning it back on.
      if (!(input.enabled ?? current.enabled)) await services.payments.refillOff();
      else {
        const cardId = input.cardId === undefined ? current.cardId : input.cardId;
        await services.payments.setRefill({
          thresholdCredits: input.threshold ?? current.thresholdCredits,
          amountCredits: input.amount ?? current.amountCredits,
          cardId: cardId ?? undefined,
          maxPerDay: input.maxPerDay ?? current.maxPerDay,
          monthlyLimitCredits: input.monthlyLimit === undefined ? current.monthlyLimitCredits : input.monthlyLimit,
        });
      }
      return refillDto(services.payments.refillView(), services.insights.burnPerHour());
    },
  }),
};
