import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../main/core/clock.js';
import { isRefused } from '../../main/core/errors.js';
import { localEngineOf, openLocalEngine } from '../../main/compose/local-engine.js';
import { openServices } from '../../main/compose/local-services.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const T = Date.parse('2026-03-02T09:00:00Z');

/** The source files of a folder, relative to the repository. */
function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

describe('the composition root gives every local host its engine and its one door (issue 11)', () => {
  it('a door from the local engine runs the handler table: results, and refusals with their code', async () => {
    const local = await openLocalEngine({ dataDir: ':memory:', clock: new SimulatedClock(T) });
    try {
      const door = local.door({ transport: 'cli', testControls: false, version: '', host: {} });
      await door.call('coupons/redeem', { code: 'NOPE' }).then(
        () => expect.unreachable('an unknown coupon is refused'),
        (err: unknown) => expect(isRefused(err) && err.code).toBe('unknown_coupon'),
      );
      expect(await door.call('deployments/list', {})).toEqual([]);
      expect(await door.call('ledger/balance', {})).toEqual({ balance: 0 });
      expect(Object.keys(local.table)).toContain('schedules/remove');
    } finally {
      await local.close();
    }
  });

  it('closing runs what the host waits for first, then closes the services', async () => {
    const services = await openServices({ dataDir: ':memory:', clock: new SimulatedClock(T) });
    const order: string[] = [];
    const close = services.close.bind(services);
    services.close = async () => {
      order.push('services');
      await close();
    };
    const local = localEngineOf(services, async () => {
      order.push('before');
    });
    await local.close();
    expect(order).toEqual(['before', 'services']);
  });

  it.each(['main/host', 'main/shell'])('no file in %s builds the services or the handler table itself: main/compose gives them', (dir) => {
    const found = sources(dir).filter((f) =>
      /from '[^']*\/(compose\/local-services|handlers\/handler-table)\.js'/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
