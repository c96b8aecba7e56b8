import { RefusedError } from '../errors.js';
import { NAME_RULES, validateName } from '../names.js';
import { PRECISIONS, type NewDeployment, type Precision } from './deployment-types.js';

/** Checks a new deployment's fields and returns them trimmed, or refuses with the reason. */
export function validateNewDeployment(input: NewDeployment): NewDeployment {
  const name = validateName(input.name, NAME_RULES.deployment);
  const model = validateName(input.model, NAME_RULES.model);
  if (typeof input.paramsB !== 'number' || !Number.isFinite(input.paramsB) || input.paramsB <= 0 || input.paramsB > 100_000) {
    throw new RefusedError('invalid_params', 'the parameter count is a positive number of billions, e.g. 7 or 70');
  }
  if (!PRECISIONS.includes(input.precision as Precision)) {
    throw new RefusedError('invalid_precision', `precision must be one of ${PRECISIONS.join(', ')}`);
  }
  if (typeof input.tier !== 'string' || input.tier.length === 0) throw new RefusedError('unknown_tier', 'an instance tier is required');
  return { name, model, paramsB: input.paramsB, precision: input.precision, tier: input.tier.trim().toUpperCase() };
}
