import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { grantCredits, spec, T0 } from '../../support/engine-fixture.js';

/** What each deployment of a case does after it is created. */
type Step = 'run' | 'pause' | 'stop' | 'create' | 'scheduled-off';

describe('burn per hour of what runs now, without the forecast walk', () => {
  let s: Services;
  beforeEach(async () => {
    s = await openServices({ dataDir: ':memory:', clock: new SimulatedClock(T0), env: {}, resolvePendingPayments: false });
    await grantCredits(s.engine, 100_000);
  });
  afterEach(async () => s.close());

  it.each<{ what: string; deployments: [tier: string, step: Step][]; burn: number }>([
    { what: 'nothing deployed', deployments: [], burn: 0 },
    { what: 'one S running', deployments: [['S', 'run']], burn: 60 },
    {
      what: 'S and L running',
      deployments: [
        ['S', 'run'],
        ['L', 'run'],
      ],
      burn: 60 + 350,
    },
    {
      what: 'paused, stopped and never started cost nothing',
      deployments: [
        ['M', 'run'],
        ['L', 'pause'],
        ['S', 'stop'],
        ['S', 'create'],
      ],
      burn: 180,
    },
    {
      what: 'paused by its schedule right now costs nothing',
      deployments: [
        ['M', 'run'],
        ['S', 'scheduled-off'],
      ],
      burn: 180,
    },
  ])('$what: $burn credits an hour, as the forecast says', async ({ deployments, burn }) => {
    for (const [i, [tier, step]] of deployments.entries()) {
      const d = await s.engine.createDeployment(spec({ name: `d${i}`, tier }));
      if (step === 'create') continue;
      await s.engine.startDeployment(d.id);
      if (step === 'pause') await s.engine.pauseDeployment(d.id);
      if (step === 'stop') await s.engine.stopDeployment(d.id);
      // T0 is a Monday 09:00 UTC: a window over it pauses the deployment at once.
      if (step === 'scheduled-off') await s.schedules.set(d.id, { windows: [{ days: ['mon'], start: '08:00', end: '20:00' }], timeZone: 'UTC' });
    }
    await s.engine.settle();
    expect(s.insights.burnPerHour()).toBe(burn);
    expect(s.insights.burnPerHour()).toBe(s.insights.forecast().burnPerHour);
  });
});
