import { z } from 'zod';
import type { Empty } from '../../../preload/contract.js';
import { PRECISIONS } from '../../core/deployments/deployment-types.js';

/** No input: only `{}` passes (unknown keys are refused, not ignored). */
export const emptyInput = z.strictObject({}) as unknown as z.ZodType<Empty>;

/** A database id: a positive safe integer. */
export const idSchema = z.int().positive();

/** `{ id }` for actions on one deployment. */
export const idInput = z.strictObject({ id: idSchema });

/** An ISO-8601 instant with an explicit offset, as the contract sends times. */
export const isoSchema = z.iso.datetime({ offset: true });

/**
 * A credit amount: any finite number passes here so the core can refuse
 * 0, 5.005 or 1e9 with its own words ("whole cents", "minimum $1.00").
 */
export const creditsSchema = z.number();

/** Epoch ms of an ISO string already checked by `isoSchema`. */
export function isoToMs(s: string): number {
  return Date.parse(s);
}

/** A model's size and precision, as deployments/create and catalog/sizing take them. */
export const modelShape = {
  paramsB: z.number().positive('the parameter count is a positive number of billions').max(100_000),
  precision: z.enum(PRECISIONS),
};
