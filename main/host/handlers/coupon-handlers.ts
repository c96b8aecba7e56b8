import { z } from 'zod';
import type { Coupon as CouponDto } from '../../../preload/contract.js';
import { isoOrNull } from '../../core/calendar.js';
import { importCouponText } from '../../core/coupons/coupon-import.js';
import type { Coupon } from '../../core/coupons/coupons.js';
import { handler, type HandlerTable } from './handler-types.js';
import { emptyInput, isoSchema, isoToMs } from './schemas.js';

/** A coupon file's text: a few thousand codes are fine, unbounded ones are not. */
const MAX_IMPORT_CHARS = 16 * 1024 * 1024;

/** A coupon as the contract shows it. */
export function couponDto(c: Coupon): CouponDto {
  return { code: c.code, credits: c.credits, expiresAt: isoOrNull(c.expiresAt), maxRedemptions: c.maxRedemptions, redemptions: c.redemptions };
}

/** Making, listing and importing coupons (redeeming is the ledger's: ledger-handlers.ts). */
export const couponHandlers: HandlerTable = {
  'coupons/create': handler('coupons/create', {
    // Types and sizes only: the code, the credits and the redemption limit are the core's rules (validateCoupon), with its words.
    schema: z.strictObject({
      code: z.string().max(1000),
      credits: z.number(),
      expiresAt: isoSchema.nullable().optional(),
      maxRedemptions: z.number().nullable().optional(),
    }),
    mutates: true,
    async handle({ services: { engine } }, input) {
      const c = await engine.createCoupon({
        code: input.code,
        credits: input.credits,
        expiresAt: input.expiresAt == null ? null : isoToMs(input.expiresAt),
        maxRedemptions: input.maxRedemptions ?? null,
      });
      return couponDto(c);
    },
  }),
  'coupons/list': handler('coupons/list', {
    schema: emptyInput,
    handle: ({ services: { engine } }) => engine.coupons.list().map(couponDto),
  }),
  'coupons/import': handler('coupons/import', {
    schema: z.strictObject({ text: z.string().max(MAX_IMPORT_CHARS), fileName: z.string().max(1000) }),
    mutates: true,
    handle: ({ services: { engine } }, { text, fileName }) => importCouponText(engine, fileName, text),
  }),
};
