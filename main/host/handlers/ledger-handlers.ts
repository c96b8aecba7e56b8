import { z } from 'zod';
import { ENTRY_KINDS } from '../../core/ledger/entry-types.js';
import { listEntries, pageEntries } from '../../core/ledger/ledger-queries.js';
import { handler, type HandlerTable } from './handler-types.js';
import { userTimeZone } from '../../core/settings/engine-settings.js';
import { localDaySchema, rangeFromInput } from './date-range.js';
import { emptyInput, idSchema, isoSchema, isoToMs } from './schemas.js';
import { entryDto } from './present.js';

const DEFAULT_PAGE = 100;

const pageInput = z.strictObject({
  kinds: z.array(z.enum(ENTRY_KINDS)).max(ENTRY_KINDS.length).optional(),
  from: isoSchema.optional(),
  to: isoSchema.optional(),
  fromDate: localDaySchema.optional(),
  toDate: localDaySchema.optional(),
  search: z.string().max(200).optional(),
  deploymentId: idSchema.optional(),
  limit: z.int().min(1).max(500).optional(),
  beforeId: idSchema.optional(),
});

/** Balance, the paged transactions list and coupon redemption. */
export const ledgerHandlers: HandlerTable = {
  'ledger/balance': handler('ledger/balance', {
    schema: emptyInput,
    async handle({ services: { engine } }) {
      await engine.settle();
      return { balance: engine.ledger.balance() };
    },
  }),
  'ledger/page': handler('ledger/page', {
    schema: pageInput,
    async handle({ services: { engine } }, input) {
      await engine.settle();
      const limit = input.limit ?? DEFAULT_PAGE;
      const range = rangeFromInput(input, userTimeZone(engine.settings));
      // One extra row tells whether another page follows.
      const rows = pageEntries(engine.db, {
        kinds: input.kinds,
        from: range.from ?? undefined,
        to: range.to ?? undefined,
        search: input.search?.trim() || undefined,
        deploymentId: input.deploymentId,
        beforeId: input.beforeId,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return { entries: page.map(entryDto), nextBeforeId: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
    },
  }),
  'ledger/list': handler('ledger/list', {
    schema: z.strictObject({
      kinds: z.array(z.enum(ENTRY_KINDS)).max(ENTRY_KINDS.length).optional(),
      from: isoSchema.optional(),
      to: isoSchema.optional(),
      deploymentId: idSchema.optional(),
      limit: z.int().min(0).optional(),
    }),
    async handle({ services: { engine } }, input) {
      await engine.settle();
      return listEntries(engine.db, {
        kinds: input.kinds,
        from: input.from === undefined ? undefined : isoToMs(input.from),
        to: input.to === undefined ? undefined : isoToMs(input.to),
        deploymentId: input.deploymentId,
        limit: input.limit,
      }).map(entryDto);
    },
  }),
  'coupons/redeem': handler('coupons/redeem', {
    // A size bound only: an empty, malformed or unknown code is the core's refusal (coupons.ts), with its code, for every host.
    schema: z.strictObject({ code: z.string().max(1000) }),
    mutates: true,
    async handle({ services: { engine } }, { code }) {
      const r = await engine.redeemCoupon(code);
      return { entry: entryDto(r.entry), resumed: r.resumed, balance: engine.ledger.balance() };
    },
  }),
};
