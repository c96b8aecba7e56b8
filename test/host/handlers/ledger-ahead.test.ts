import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { buildSnapshot } from '../../../main/host/handlers/snapshot.js';
import { grantCredits, spec } from '../../support/engine-fixture.js';

let services: Services | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
});

describe('entries dated after the host’s clock (issue 10: another process ran ahead)', () => {
  it('the snapshot says so in a banner and leaves them out of today and this month', async () => {
    const clock = new SimulatedClock(Date.parse('2026-03-02T09:00:00Z'));
    services = await openServices({ dataDir: ':memory:', clock, env: {} });
    const { engine } = services;
    await grantCredits(engine, 10_000);
    const d = await engine.createDeployment(spec({ tier: 'S' }));
    await engine.startDeployment(d.id);
    // Another process, with its clock at 12:30, charged 10:00, 11:00 and 12:00.
    clock.set(Date.parse('2026-03-02T12:30:00Z'));
    await engine.settle();
    clock.set(Date.parse('2026-03-02T09:30:00Z'));

    const s = buildSnapshot(services);
    const hourly = 60;
    expect(s.monthSpend).toBe(hourly);
    expect(s.daily?.at(-1)).toMatchObject({ date: '2026-03-02', total: hourly });
    const banner = s.banners.find((b) => b.kind === 'ledger_ahead');
    expect(banner?.message).toMatch(/^The ledger has 3 entries dated after this computer's clock \(up to 2026-03-02 12:00 UTC\)/);
    expect(banner?.message).toMatch(/leave them out/);

    // Once the clock gets there, the banner goes and the figures count them.
    clock.set(Date.parse('2026-03-02T12:30:00Z'));
    const later = buildSnapshot(services);
    expect(later.banners.some((b) => b.kind === 'ledger_ahead')).toBe(false);
    expect(later.daily?.at(-1)?.total).toBe(4 * hourly);
  });
});
