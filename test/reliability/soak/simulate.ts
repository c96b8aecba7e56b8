import { DAY_MS, HOUR_MS, MINUTE_MS, SimulatedClock } from '../../../main/core/clock.js';
import { isRefused } from '../../../main/core/errors.js';
import { cachedStatement } from '../../../main/core/db/statement-cache.js';
import type { Db } from '../../../main/core/db/store-port.js';
import { GatewayError } from '../../../main/core/payments/gateway.js';
import { PRECISIONS } from '../../../main/core/deployments/deployment-types.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { WEEKDAYS } from '../../../main/core/schedules/schedule-types.js';
import { autoResumeEnabled } from '../../../main/core/settings/engine-settings.js';
import { type SandboxHandle, startSandbox } from '../../../main/stripe-sandbox/index.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { checkInvariants } from '../invariants.js';
import { checkLiveness, readLiveness } from '../liveness.js';
import { Prng } from './prng.js';
import { SoakControl } from './soak-control.js';

/** One seeded month: what happened and what broke. */
export interface SoakResult {
  seed: number;
  ops: number;
  refused: number;
  charges: number;
  /** Deployment-control actions the month owed (webhooks to the run's receiver, command hooks). */
  controlActions: number;
  violations: string[];
  /** The last operations before the failure, to read with the seed. */
  trail: string[];
}

export interface SoakOptions {
  days?: number;
  /** Also buy credits, change auto-refill and inject sandbox faults (in-process sandbox on a temp folder). */
  payments?: boolean;
  /** Check the invariants every this many operations (and at the end). */
  checkEvery?: number;
  /** The ledger store to run on (test/support/store-factory.ts; default: SQLite, in memory or in the payments folder). */
  store?: () => Db;
}

const START = Date.UTC(2026, 0, 5, 9, 17);
const GAPS = [5 * MINUTE_MS, 59 * MINUTE_MS, 61 * MINUTE_MS, 8 * HOUR_MS, 72 * HOUR_MS];

type Op = 'gap' | 'sleep' | 'back' | 'jump' | 'create' | 'start' | 'pause' | 'resume' | 'stop' | 'coupon' | 'schedule' | 'unschedule' | 'autoResume' | PayOp;
type PayOp = 'buy' | 'refillOn' | 'refillOff' | 'faults' | 'sync';

const PAY_WEIGHTS: Record<PayOp, number> = { buy: 4, refillOn: 2, refillOff: 1, faults: 2, sync: 2 };
const CARDS = ['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex', 'pm_card_visa_debit', 'pm_card_chargeCustomerFail', 'pm_card_authenticationRequired'];

const WEIGHTS: Record<Exclude<Op, PayOp>, number> = {
  gap: 30,
  sleep: 3,
  back: 2,
  jump: 2,
  create: 3,
  start: 8,
  pause: 6,
  resume: 8,
  stop: 1,
  coupon: 4,
  schedule: 3,
  unschedule: 1,
  autoResume: 1,
};

/**
 * Runs one seeded month against the real services (engine, schedules,
 * alerts; in memory): random starts, pauses, resumes, stops, coupons,
 * schedules and settings, with clock gaps up to 72 h and steps back and
 * forward, checking the invariants as it goes. The same seed replays exactly.
 */
export async function simulate(seed: number, opts: SoakOptions = {}): Promise<SoakResult> {
  const rnd = new Prng(seed);
  const clock = new SimulatedClock(START + rnd.int(0, 6 * DAY_MS));
  const end = clock.now().getTime() + (opts.days ?? 30) * DAY_MS;
  const checkEvery = opts.checkEvery ?? 40;
  const dir = opts.payments ? fs.mkdtempSync(path.join(scratchRoot(), 'burnrate-soak-')) : ':memory:';
  const sandboxDbFile = opts.payments ? path.join(dir, 'stripe-sandbox.db') : undefined;
  // The app's own sandbox has no fault switches: payment seeds run against a developer's sandbox (faults on) on the same file.
  const sandbox = sandboxDbFile ? await startSandbox({ dbFile: sandboxDbFile, clock: () => clock.now() }) : null;
  // Some deployments are controlled: webhooks on every seed, real command hooks (a process per try) on every 20th.
  const control = await SoakControl.open(seed, scratchRoot(), seed % 20 === 5);
  const svc = await openServices({
    dataDir: dir,
    clock,
    resolvePendingPayments: false,
    env: sandbox ? { BURNRATE_STRIPE_API: sandbox.url } : {},
    sdkRetries: 0,
    store: opts.store?.(),
    controlTransport: control.transport,
    controlVerifyWaitMs: 0,
  });
  const weights = opts.payments ? { ...WEIGHTS, ...PAY_WEIGHTS } : WEIGHTS;
  const trail: string[] = [];
  const state: SimState = { ops: 0, refused: 0, hwm: clock.now().getTime(), wentBack: false };
  const violations: string[] = [];
  try {
    await setup(svc, rnd, control);
    if (opts.payments) for (const pm of CARDS) await svc.payments.addCard(pm).catch((err: unknown) => (isRefused(err) ? null : Promise.reject(err)));
    while (clock.now().getTime() < end && violations.length === 0) {
      const op = rnd.weighted(weights as Record<Op, number>);
      const answers = control.shuffle();
      const label = await runOp(svc, rnd, clock, op, state, sandbox, control);
      // What a state change owes its instance is sent before the next operation (as the app's outbox does at once).
      await svc.control.outbox.idle();
      trail.push(`${clock.now().toISOString()} ${label} ${answers}`);
      if (trail.length > 12) trail.shift();
      state.ops++;
      if (state.ops % checkEvery === 0) violations.push(...(await check(svc, clock, state, true)));
    }
    if (violations.length === 0) violations.push(...(await control.drain(svc, clock, () => settleAt(svc, clock, state))));
    if (opts.payments && violations.length === 0) {
      await quiesce(svc, sandbox);
      state.faultsOn = false;
    }
    if (violations.length === 0) violations.push(...(await check(svc, clock, state, false, sandboxDbFile)));
    // The final settle may have owed actions of its own (a schedule's edge): they end too before the control rule is checked.
    if (violations.length === 0) violations.push(...(await control.drain(svc, clock, () => settleAt(svc, clock, state))));
    if (violations.length === 0) violations.push(...control.violations(svc));
    const charges = svc.engine.db.prepare("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'charge'").pluck().get() as number;
    return { seed, ops: state.ops, refused: state.refused, charges, controlActions: SoakControl.actions(svc), violations, trail };
  } catch (err) {
    return {
      seed,
      ops: state.ops,
      refused: state.refused,
      charges: 0,
      controlActions: 0,
      violations: [`crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`],
      trail,
    };
  } finally {
    await svc.close();
    control.close();
    await sandbox?.close();
    if (opts.payments) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Where payment seeds keep their two database files: tmpfs when there is one.
 * The soak checks the money rules, not durability (the crash sweep does), and
 * on a disk each commit's fsync made a payment seed five times slower.
 */
function scratchRoot(): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

/** Faults off, every pending payment resolved with Stripe, events applied: the state to check. */
async function quiesce(svc: Services, sandbox: SandboxHandle | null): Promise<void> {
  sandbox?.faults.reset();
  for (let i = 0; i < 5 && svc.payments.waiting().outcomeUnknown > 0; i++) await svc.payments.resolvePending().catch(() => null);
  await svc.payments.sync().catch((err: unknown) => (isRefused(err) ? null : Promise.reject(err)));
}

/** A saved card chosen by its stable attributes: card ids are random, so ordering by them would not replay. */
function pickCard(svc: Services, rnd: Prng): string {
  const cards = svc.payments.savedCards().sort((a, b) => `${a.brand}${a.last4}${a.funding}`.localeCompare(`${b.brand}${b.last4}${b.funding}`));
  return rnd.pick(cards).id;
}

/** Stripe not answering a sync (an injected 500, 429 or lost answer) is an outcome under faults, not a bug: the next sync catches up. */
function unansweredIsFine(err: unknown): null {
  if (err instanceof GatewayError && err.kind === 'unknown') return null;
  throw err;
}

/** A payment whose answer was lost stays pending for sync: an expected outcome under faults. */
function pendingIsFine(err: unknown): null {
  if (err instanceof Error && err.name === 'PaymentPendingError') return null;
  throw err;
}

interface SimState {
  ops: number;
  refused: number;
  hwm: number;
  wentBack: boolean;
  /** The clock reading of the previous check's settle (liveness L1: a pause older than it lived through a settle). */
  lastCheckAt?: number | null;
  /** Sandbox faults set (liveness L1 and L2 assume the sandbox answers). */
  faultsOn?: boolean;
}

/** Test cards that never pay off-session: liveness assumes a chargeable card. */
const UNCHARGEABLE_LAST4 = new Set(['0341', '3184']);

/** The liveness properties (docs/RELIABILITY.md) right after a settle. */
function livenessViolations(svc: Services, clock: SimulatedClock, s: SimState): string[] {
  const refill = svc.payments.refillView();
  const card = refill.card;
  const snap = readLiveness(svc.engine.db, clock.now().getTime(), {
    previousSettleAt: s.lastCheckAt ?? null,
    cardChargeable: card !== undefined && card !== null && !UNCHARGEABLE_LAST4.has(card.last4),
    sandboxUp: !s.faultsOn,
  });
  s.lastCheckAt = clock.now().getTime();
  return checkLiveness(snap);
}

async function check(svc: Services, clock: SimulatedClock, s: SimState, midRun: boolean, sandboxDbFile?: string): Promise<string[]> {
  const report = await svc.engine.settle();
  s.hwm = Math.max(s.hwm, clock.now().getTime());
  // An hour waiting for a refill in flight is charged (or paused) once the refill resolves: check later.
  if (midRun && report.waitingForRefill) return [];
  // While the clock is behind a reading already settled, pauses and refills are dated ahead of it: liveness waits for it to catch up.
  const liveness = clock.now().getTime() < s.hwm ? [] : livenessViolations(svc, clock, s);
  const thresholds = svc.alerts.settingsReader.get().lowBalanceThresholds;
  const pending = svc.engine.db.prepare("SELECT COUNT(*) FROM payments WHERE status = 'pending'").pluck().get() as number;
  // Mid-run, with payments pending, the sandbox may hold successes not yet credited: compare only at the end.
  const violations = checkInvariants(svc.engine.db, {
    settledTo: clock.now().getTime(),
    highWater: s.hwm,
    clockWentBack: s.wentBack,
    lowBalanceThresholds: thresholds,
    skipIntegrity: midRun,
    sandboxDbFile: midRun ? undefined : sandboxDbFile,
  });
  return [
    ...liveness,
    ...(midRun || pending > 0 ? violations.filter((v) => !v.startsWith('3.') || v.includes('credited') || v.includes('in flight')) : violations),
  ];
}

async function settleAt(svc: Services, clock: SimulatedClock, s: SimState): Promise<void> {
  await svc.engine.settle();
  s.hwm = Math.max(s.hwm, clock.now().getTime());
}

async function setup(svc: Services, rnd: Prng, control: SoakControl): Promise<void> {
  const e = svc.engine;
  const now = e.now();
  for (let i = 0; i < 12; i++) {
    await e.createCoupon({
      code: `SOAK${i}`,
      credits: rnd.pick([500, 2_000, 10_000, 50_000]),
      expiresAt: rnd.next() < 0.2 ? now + rnd.int(1, 20) * DAY_MS : null,
      maxRedemptions: rnd.next() < 0.3 ? 1 : null,
    });
  }
  await e.redeemCoupon('SOAK0');
  for (let i = 0; i < 5; i++) await createDeployment(svc, rnd, i, control);
}

/** A new deployment, controlled (or not) before its first state change. */
async function createDeployment(svc: Services, rnd: Prng, i: number, control: SoakControl): Promise<void> {
  const d = await svc.engine.createDeployment({
    name: `dep-${i}`,
    model: rnd.pick(['llama-3-8b', 'llama-3-70b', 'mistral-7b']),
    paramsB: rnd.pick([7, 8, 70]),
    precision: rnd.pick(PRECISIONS),
    tier: rnd.pick(['S', 'M', 'L']),
  });
  await control.attach(svc, d.id);
}

/** Runs one operation; refusals are expected (a random action is often not allowed), anything else throws. */
async function runOp(
  svc: Services,
  rnd: Prng,
  clock: SimulatedClock,
  op: Op,
  s: SimState,
  sandbox: SandboxHandle | null,
  control: SoakControl,
): Promise<string> {
  const e = svc.engine;
  const ids = cachedStatement(e.db, 'SELECT id FROM deployments ORDER BY id', 'pluck').all() as number[];
  const id = rnd.pick(ids);
  const attempt = async (label: string, fn: () => Promise<unknown>): Promise<string> => {
    try {
      await fn();
      s.hwm = Math.max(s.hwm, clock.now().getTime());
      return label;
    } catch (err) {
      if (!isRefused(err)) throw err;
      s.refused++;
      return `${label} → refused (${err.code})`;
    }
  };
  switch (op) {
    case 'gap':
    case 'sleep': {
      const ms = op === 'sleep' ? rnd.pick(GAPS) : rnd.int(1, 180) * MINUTE_MS;
      clock.advance(ms);
      // Most wake-ups settle at once (the app's timer); otherwise the next action settles.
      if (rnd.next() < 0.7) await settleAt(svc, clock, s);
      return `${op} +${ms / MINUTE_MS} min`;
    }
    case 'back':
      await settleAt(svc, clock, s);
      clock.advance(-2 * HOUR_MS);
      s.wentBack = true;
      return 'clock −2 h';
    case 'jump':
      clock.advance(3 * HOUR_MS);
      return 'clock +3 h';
    case 'create':
      if (ids.length >= 8) return 'create skipped (8 deployments)';
      return attempt('create', () => createDeployment(svc, rnd, ids.length, control));
    case 'start':
      return attempt(`start ${id}`, () => e.startDeployment(id));
    case 'pause':
      return attempt(`pause ${id}`, () => e.pauseDeployment(id));
    case 'resume':
      return attempt(`resume ${id}`, () => e.resumeDeployment(id));
    case 'stop':
      return attempt(`stop ${id}`, () => e.stopDeployment(id));
    case 'coupon': {
      const code = `soak${rnd.int(0, 11)}`;
      return attempt(`coupon ${code}`, () => e.redeemCoupon(code));
    }
    case 'schedule': {
      const days = WEEKDAYS.filter(() => rnd.next() < 0.5);
      const from = rnd.int(0, 23);
      const window = {
        days: days.length ? days : ['mon' as const],
        start: `${String(from).padStart(2, '0')}:${rnd.pick(['00', '30'])}`,
        end: `${String(rnd.int(0, 23)).padStart(2, '0')}:00`,
      };
      return attempt(`schedule ${id} ${JSON.stringify(window)}`, () =>
        svc.schedules.set(id, { windows: [window], timeZone: rnd.pick(['UTC', 'Europe/Berlin', 'America/New_York']) }),
      );
    }
    case 'unschedule':
      return attempt(`unschedule ${id}`, () => svc.schedules.clear(id));
    case 'buy':
      return attempt('buy', () => svc.payments.buy({ pack: rnd.pick(['5', '10', '20', '50']), card: pickCard(svc, rnd) }).catch(pendingIsFine));
    case 'refillOn':
      return attempt('refill on', () =>
        svc.payments.setRefill({
          thresholdCredits: rnd.pick([500, 2_000, 10_000]),
          amountCredits: rnd.pick([1_000, 2_000, 5_000]),
          maxPerDay: rnd.int(1, 5),
          cardId: pickCard(svc, rnd),
        }),
      );
    case 'refillOff':
      return attempt('refill off', () => svc.payments.refillOff());
    case 'sync':
      return attempt('sync', () => svc.payments.sync().catch(unansweredIsFine));
    case 'faults': {
      const total = rnd.int(0, 5) / 10;
      const f = { seed: rnd.int(1, 1e6), latencyMs: rnd.int(0, 20), failRate: total / 3, rateLimitRate: total / 3, dropRate: total / 3 };
      sandbox?.faults.seed(f.seed);
      sandbox?.faults.set(f);
      s.faultsOn = total > 0;
      return `faults ${JSON.stringify(f)}`;
    }
    case 'autoResume': {
      const next = !autoResumeEnabled(e.settings);
      return attempt(`autoResume ${next}`, () => e.act(() => e.settings.set('billing.autoResume', z.boolean(), next)));
    }
  }
}
