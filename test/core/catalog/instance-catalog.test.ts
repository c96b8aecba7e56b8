import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../main/core/errors.js';
import { T0, hours, memoryEngine } from '../../support/engine-fixture.js';
import { bothStores } from '../../support/store-factory.js';

describe.each(bothStores())('instance catalog (SPEC: Instances and deployments) on $name', (store) => {
  it('ships GPU S 60, GPU M 180 and GPU L 350 credits per hour', () => {
    const { engine } = memoryEngine(T0, store);
    expect(engine.catalog.list(T0).map((t) => [t.code, t.name, t.creditsPerHour])).toEqual([
      ['S', 'GPU S', 60],
      ['M', 'GPU M', 180],
      ['L', 'GPU L', 350],
    ]);
  });

  it('is editable: a new price applies from its moment on, earlier hours keep the old one', () => {
    const { engine } = memoryEngine(T0, store);
    engine.catalog.setPrice('L', 400, T0 + hours(2));
    expect(engine.catalog.priceAt('L', T0 + hours(2) - 1)).toBe(350);
    expect(engine.catalog.priceAt('L', T0 + hours(2))).toBe(400);
  });

  it('can gain a tier', () => {
    const { engine } = memoryEngine(T0, store);
    engine.catalog.setPrice('XL', 900, T0, { name: 'GPU XL', memoryGb: 320 });
    expect(engine.catalog.get('XL', T0)).toEqual({ code: 'XL', name: 'GPU XL', memoryGb: 320, creditsPerHour: 900 });
  });

  it.each([0, -1, 1.5, Number.NaN, 10_000_001])('refuses a price of %s credits per hour', (price) => {
    const { engine } = memoryEngine(T0, store);
    expect(() => engine.catalog.setPrice('S', price, T0)).toThrow(RefusedError);
    expect(engine.catalog.priceAt('S', T0)).toBe(60);
  });

  it('refuses an unknown tier, naming the ones that exist', () => {
    const { engine } = memoryEngine(T0, store);
    expect(() => engine.catalog.get('XXL', T0)).toThrow(/choose one of S, M, L/);
  });
});
