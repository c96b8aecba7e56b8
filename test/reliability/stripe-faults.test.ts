import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, SimulatedClock } from '../../main/core/clock.js';
import { Engine } from '../../main/core/engine.js';
import { isRefused } from '../../main/core/errors.js';
import { gatewayConfigFromEnv } from '../../main/core/payments/gateway-config.js';
import { openGateway } from '../../main/compose/open-gateway.js';
import { Payments } from '../../main/core/payments/payments.js';
import { startSandbox } from '../../main/stripe-sandbox/index.js';
import { checkInvariants } from './invariants.js';
import { Prng } from './soak/prng.js';

/** Purchases and refills in the run; BURNRATE_FAULT_OPS=1000 for the full harness (docs/RELIABILITY.md). */
const OPS = Number(process.env.BURNRATE_FAULT_OPS ?? 80);
const CARDS = [
  'pm_card_visa',
  'pm_card_mastercard',
  'pm_card_amex',
  'pm_card_visa_debit',
  'pm_card_visa_chargeDeclined',
  'pm_card_visa_chargeDeclinedInsufficientFunds',
  'pm_card_authenticationRequired',
];

describe(`Stripe faults: ${OPS} purchases and refills with latency, 500s, 429s and dropped answers at 0–50 %`, () => {
  it(
    'credits every succeeded payment exactly once, nothing else, never two refills in flight',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-faults-'));
      const clock = new SimulatedClock(Date.parse('2026-03-02T09:00:00Z'));
      const sandbox = await startSandbox({ dbFile: path.join(dir, 'stripe-sandbox.db'), port: 0, clock: () => clock.now() });
      const engine = Engine.open({ dataDir: dir, clock });
      // No SDK retries: every injected fault reaches the engine's own handling.
      const payments = Payments.open(engine, () => openGateway(gatewayConfigFromEnv({ BURNRATE_STRIPE_API: sandbox.url }), dir, clock, 0));
      const rnd = new Prng(OPS);
      const outcomes: Record<string, number> = {};
      const count = (k: string) => (outcomes[k] = (outcomes[k] ?? 0) + 1);
      try {
        const cards = [];
        for (const pm of CARDS) {
          // Some decline cards are refused when saved already; those that save decline when charged.
          const saved = await payments.addCard(pm).catch((err: unknown) => (isRefused(err) ? null : Promise.reject(err)));
          if (saved) cards.push(saved.id);
        }
        await payments.setDefaultCard(cards[0]!);
        await payments.buy({ pack: '100' });
        const d = await engine.createDeployment({ name: 'gpu', model: 'llama-3-70b', paramsB: 70, precision: 'awq', tier: 'L' });
        await engine.startDeployment(d.id);
        sandbox.faults.seed(OPS);
        for (let i = 0; i < OPS; i++) {
          const total = (i % 6) / 10;
          const split = [rnd.next(), rnd.next(), rnd.next()];
          const sum = split.reduce((a, b) => a + b, 0) || 1;
          sandbox.faults.set({
            latencyMs: rnd.int(0, 30),
            failRate: (total * split[0]!) / sum,
            rateLimitRate: (total * split[1]!) / sum,
            dropRate: (total * split[2]!) / sum,
          });
          try {
            if (rnd.next() < 0.5) {
              await payments.buy({ pack: rnd.pick(['5', '10', '20']), card: rnd.pick(cards) });
              count('purchase');
            } else {
              if (!payments.refillView().enabled) await payments.setRefill({ thresholdCredits: 1_000_000, amountCredits: 500, maxPerDay: 24 });
              clock.advance(HOUR_MS);
              await engine.settle();
              count('refill tick');
            }
          } catch (err) {
            if (!isRefused(err) && !(err instanceof Error && err.name === 'PaymentPendingError')) throw err;
            count(`refused ${isRefused(err) ? err.code : 'pending'}`);
          }
          const inFlight = engine.db.prepare("SELECT COUNT(*) FROM payments WHERE kind = 'refill' AND status = 'pending'").pluck().get() as number;
          expect(inFlight).toBeLessThanOrEqual(1);
        }
        const injected = { ...sandbox.faults.injected };
        sandbox.faults.reset();
        for (let i = 0; i < 5 && payments.waiting().outcomeUnknown > 0; i++) await payments.resolvePending();
        await payments.sync();
        const violations = checkInvariants(engine.db, { settledTo: engine.now(), sandboxDbFile: path.join(dir, 'stripe-sandbox.db') });
        expect(violations, JSON.stringify({ outcomes, injected })).toEqual([]);
        expect(injected.drop + injected['500'] + injected['429']).toBeGreaterThan(OPS / 10);
        expect(payments.waiting().outcomeUnknown).toBe(0);
        const kinds = engine.db.prepare("SELECT kind, COUNT(*) AS n FROM ledger_entries WHERE kind IN ('purchase', 'refill') GROUP BY kind").all() as {
          kind: string;
          n: number;
        }[];
        expect(kinds.map((k) => k.kind)).toEqual(['purchase', 'refill']);
        if (process.env.BURNRATE_FAULT_OPS) console.log(JSON.stringify({ ops: OPS, outcomes, injected, credited: kinds }));
      } finally {
        await payments.close();
        engine.close();
        await sandbox.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    300_000 + OPS * 2_000,
  );
});
