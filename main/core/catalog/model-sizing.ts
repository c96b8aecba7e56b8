import type { Precision } from '../deployments/deployment-types.js';

/**
 * The one table of sizing facts (docs/insights-and-alerts.md repeats it).
 *
 * Weights take `params × bytes per parameter`; serving also needs room for the
 * KV cache, activations and the runtime, which we take as 10 % on top. A model
 * fits a tier when weights × 1.1 ≤ the tier's GPU memory. With the default
 * tiers (S 24 GB, M 48 GB, L 160 GB) this gives: 7B fp16 → S (15.4 GB),
 * 13B fp16 → M (28.6 GB), 70B fp16 → L (154 GB), 70B AWQ → M (38.5 GB).
 */
export const BYTES_PER_PARAM: Readonly<Record<Precision, number>> = {
  fp16: 2,
  bf16: 2,
  int8: 1,
  // AWQ and GPTQ-style int4 store 4-bit weights; group scales are ignored.
  awq: 0.5,
  int4: 0.5,
};

/** Headroom over the weights for KV cache, activations and the runtime. */
export const SERVING_OVERHEAD = 1.1;

/** Precisions that are already quantized to 4 bits: nothing more to gain. */
export const QUANTIZED_TARGET: Precision = 'awq';

/** A tier as sizing needs it. */
export interface SizedTier {
  code: string;
  memoryGb: number;
  creditsPerHour: number;
}

/** GPU memory (GB) a model needs to serve: weights plus headroom. */
export function memoryNeededGb(paramsB: number, precision: Precision): number {
  return Math.round(paramsB * BYTES_PER_PARAM[precision] * SERVING_OVERHEAD * 10) / 10;
}

/** Whether the model fits in a tier's memory. */
export function fitsTier(paramsB: number, precision: Precision, tier: { memoryGb: number }): boolean {
  return memoryNeededGb(paramsB, precision) <= tier.memoryGb;
}

/** The cheapest tier that fits the model, or null when none does. */
export function cheapestFittingTier<T extends SizedTier>(paramsB: number, precision: Precision, tiers: readonly T[]): T | null {
  let best: T | null = null;
  for (const t of tiers) {
    if (!fitsTier(paramsB, precision, t)) continue;
    if (!best || t.creditsPerHour < best.creditsPerHour) best = t;
  }
  return best;
}
