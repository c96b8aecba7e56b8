import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../main/core/clock.js';
import { openServices } from '../../main/compose/local-services.js';
import type { Services } from '../../main/core/services.js';
import { dispatch } from '../../main/host/handlers/dispatch.js';
import { createHandlerTable } from '../../main/host/handlers/handler-table.js';
import type { HandlerContext } from '../../main/host/handlers/handler-types.js';
import { MemoryKeyVault } from '../../main/host/web/memory-key-vault.js';
import { CHANNELS } from '../../preload/channels.js';
import { fingerprint } from './fuzz/fingerprint.js';
import { hostileValue } from './fuzz/hostile.js';
import { seeded } from '../support/property-seed.js';

// BURNRATE_FUZZ_RUNS=10000 for the full run (docs/RELIABILITY.md); CI runs a slice.
const RUNS = Number(process.env.BURNRATE_FUZZ_RUNS ?? 1500);
const table = createHandlerTable();
let services: Services;
let ctx: HandlerContext;

beforeAll(async () => {
  // A fixed clock: nothing falls due between requests, so only a request can change the state.
  services = await openServices({ dataDir: ':memory:', clock: new SimulatedClock(Date.parse('2026-03-03T09:00:00Z')), env: {}, resolvePendingPayments: false });
  const e = services.engine;
  await e.createCoupon({ code: 'FUZZ', credits: 50_000 });
  await e.redeemCoupon('FUZZ');
  const d = await e.createDeployment({ name: 'fuzz', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' });
  await e.startDeployment(d.id);
  await e.createDeployment({ name: 'idle', model: 'mistral-7b', paramsB: 7, precision: 'int8', tier: 'M' });
  ctx = { services, transport: 'web', testControls: false, version: '0.0.0-fuzz', host: { stripeKeys: new MemoryKeyVault() } };
});
afterAll(async () => services.close());

// Channels that reach outside the process with accepted input; their refusals are still fuzzed.
const channel = fc.oneof(fc.constantFrom(...CHANNELS), fc.constantFrom('nope', '', '__proto__', 'deployments/', 'DEPLOYMENTS/CREATE'));

describe('contract handlers under hostile input', () => {
  it(`${RUNS} generated requests: no crash, a clear message, and nothing changed by a refusal`, async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(channel, hostileValue, async (ch, input) => {
        const before = fingerprint(services.engine.db);
        const { reply } = await dispatch(table, ctx, ch, input);
        if ('error' in reply) {
          refused++;
          expect(reply.error.code).not.toBe('internal');
          expect(typeof reply.error.message).toBe('string');
          expect(reply.error.message.trim().length).toBeGreaterThan(3);
          expect(fingerprint(services.engine.db)).toBe(before);
        }
      }),
      seeded({ numRuns: RUNS }),
    );
    expect(refused).toBeGreaterThan(RUNS / 2);
  }, 600_000);
});
