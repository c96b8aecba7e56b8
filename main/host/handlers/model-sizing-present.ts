import type { ModelSizing, Precision, TierFit } from '../../../preload/contract.js';
import { cheapestFittingTier, fitsTier, memoryNeededGb, QUANTIZED_TARGET } from '../../core/catalog/model-sizing.js';
import type { InstanceTier } from '../../core/catalog/instance-catalog.js';

/** "70B" / "7.5B": a parameter count as people write it. */
function params(paramsB: number): string {
  return `${Number(paramsB.toFixed(1))}B`;
}

/**
 * Which tiers fit a model, in words the create dialog shows as is, from the
 * engine's one sizing table (the one the right-size and quantize suggestions
 * use). A saving is floored to a whole percent, so it is never overstated.
 */
export function modelSizing(paramsB: number, precision: Precision, catalog: readonly InstanceTier[]): ModelSizing {
  const need = memoryNeededGb(paramsB, precision);
  const tiers: TierFit[] = catalog.map((t) => ({
    code: t.code,
    name: t.name,
    memoryGb: t.memoryGb,
    creditsPerHour: t.creditsPerHour,
    fits: fitsTier(paramsB, precision, t),
  }));
  const fit = cheapestFittingTier(paramsB, precision, catalog);
  const largest = catalog.reduce<InstanceTier | null>((m, t) => (!m || t.memoryGb > m.memoryGb ? t : m), null);
  const what = `${params(paramsB)} ${precision}`;
  const summary = fit
    ? `${what} needs about ${need} GB: ${fit.name} is the smallest tier that fits.`
    : `${what} needs about ${need} GB, more than any tier has${largest ? ` (${largest.name}: ${largest.memoryGb} GB)` : ''}.`;
  let alternative: ModelSizing['alternative'] = null;
  const quantized = precision === 'awq' || precision === 'int4' ? null : cheapestFittingTier(paramsB, QUANTIZED_TARGET, catalog);
  if (quantized && (!fit || quantized.creditsPerHour < fit.creditsPerHour)) {
    // Against the cheapest tier that fits as chosen; with none, there is nothing to compare to.
    const savingPct = fit && fit.creditsPerHour > 0 ? Math.floor(((fit.creditsPerHour - quantized.creditsPerHour) / fit.creditsPerHour) * 100) : null;
    const qNeed = memoryNeededGb(paramsB, QUANTIZED_TARGET);
    const cost = savingPct !== null ? ` and costs ${savingPct} % less` : '';
    alternative = {
      precision: QUANTIZED_TARGET,
      tier: quantized.code,
      memoryNeededGb: qNeed,
      creditsPerHour: quantized.creditsPerHour,
      savingPct,
      text: `${params(paramsB)} ${QUANTIZED_TARGET.toUpperCase()} (about ${qNeed} GB) fits ${quantized.name}${cost}.`,
    };
  }
  return { paramsB, precision, memoryNeededGb: need, tiers, cheapestFit: fit?.code ?? null, summary, alternative };
}
