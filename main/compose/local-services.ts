import type { Clock } from '../core/clock.js';
import { Engine } from '../core/engine.js';
import type { Db } from '../core/db/store-port.js';
import type { Services } from '../core/services.js';
import { Alerts } from '../core/alerts/alert-engine.js';
import { Insights } from '../core/insights/insights.js';
import { refillPolicyFromPayments } from '../core/insights/refill-policy.js';
import { PauseSchedules } from '../core/schedules/pause-schedules.js';
import { UsageScraper } from '../core/usage/usage-scrape.js';
import { gatewayConfigFromEnv } from '../core/payments/gateway-config.js';
import { openGateway } from './open-gateway.js';
import { Payments } from '../core/payments/payments.js';
import type { PaymentGateway } from '../core/payments/gateway.js';
import { DeploymentControl } from '../core/control/deployment-control.js';
import { IdlePause } from '../core/control/idle-pause.js';
import type { ControlTransport } from '../core/control/control-types.js';
import type { OutboxOptions } from '../core/control/control-outbox.js';
import { controlTimeoutsFromEnv, processTransport } from '../adapters/control/default-transport.js';
import { collectingTransport, runsDir } from '../adapters/control/detached-transport.js';

/** Options for opening everything Burnrate runs on one data folder. */
export interface ServicesOptions {
  dataDir: string;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /**
   * Resolve payments left pending by a crash before returning (default true:
   * the CLI). The app hosts pass false: their push hub's first background sync
   * resolves them, so opening never waits on Stripe.
   */
  resolvePendingPayments?: boolean;
  /**
   * The user's stored Stripe key (the shell's safeStorage, the web host's
   * memory), read each time the gateway opens; STRIPE_SECRET_KEY in `env` wins.
   */
  stripeKey?: () => string | null;
  /** Accept a live Stripe key (the team server only: a desktop never holds the merchant's key). */
  liveKeys?: boolean;
  /** Sends deployment-control actions (default: commands with child_process, webhooks with fetch). */
  controlTransport?: ControlTransport;
  /** Real ms a pass keeps asking a verify URL that does not agree yet (default 10 s). */
  controlVerifyWaitMs?: number;
  /**
   * How the control outbox names this process and dates its claims (default:
   * "host:pid:boot", the machine's clock, a dead local pid's claim taken at
   * once). The team server passes PostgreSQL's clock and deadline-only takeover.
   */
  controlClaims?: Partial<Pick<OutboxOptions, 'owner' | 'isAlive' | 'wallClock'>>;
  /**
   * Stripe SDK retries per request (default 2). The soak passes 0: every
   * injected fault then reaches the engine at once, without the SDK's back-off sleeps.
   */
  sdkRetries?: number;
  /**
   * Opens the payments backend instead of the configured one (Stripe, or the
   * built-in sandbox in `dataDir`). The synced replica passes one that
   * refuses: its payments are the team server's, and no read may start a
   * sandbox of its own in the client's folder.
   */
  openGateway?: () => Promise<PaymentGateway>;
  /**
   * The ledger store the engine runs on (core/db/store-port.ts; the server's
   * PostgreSQL store, the tests' store factory). Default: the SQLite ledger in `dataDir`.
   */
  store?: Db;
}

/**
 * Opens the engine and its modules on one data folder, in this process: the
 * wiring the desktop app, the web host and the CLI (local mode) share. It picks
 * the adapters the core only knows as ports: the payment gateway (Stripe, or
 * the built-in sandbox it starts) and the control transport (child_process, fetch).
 */
export async function openServices(opts: ServicesOptions): Promise<Services> {
  const engine = opts.store ? new Engine(opts.store, opts.clock) : Engine.open({ dataDir: opts.dataDir, clock: opts.clock });
  // Schedule edges join the settle loop before alerts so summaries see a settled day.
  const schedules = new PauseSchedules(engine);
  engine.addSource(schedules.source);
  const insights = new Insights(engine, schedules);
  const alerts = new Alerts(engine);
  // Runway (status, dashboard, the runway alert) follows the payments module's auto-refill settings.
  const refillPolicy = refillPolicyFromPayments(engine);
  insights.setRefillPolicySource(refillPolicy);
  alerts.setRefillPolicySource(refillPolicy);
  const usage = new UsageScraper(engine);
  // The gateway opens on first use: a live key is refused then, and the sandbox starts only when something pays.
  const env = opts.env ?? process.env;
  const clock = engine.clock;
  const paymentsConfig = () => gatewayConfigFromEnv(env, opts.stripeKey?.() ?? null, { liveKeys: opts.liveKeys });
  const payments = Payments.open(engine, opts.openGateway ?? (() => openGateway(paymentsConfig(), opts.dataDir, clock, opts.sdkRetries)));
  const idle = new IdlePause(engine);
  engine.addSource(idle);
  const timeouts = controlTimeoutsFromEnv(env);
  const control = new DeploymentControl(
    engine,
    {
      raise: (a) => alerts.raise(a),
      resolve: (id, now) => engine.db.transaction(() => alerts.store.resolveFor('control_failed', id, now)).immediate(),
    },
    // A try a CLI command left to its runner is recorded from the outcome the runner left, whoever opens the folder next.
    opts.controlTransport ?? (opts.store ? processTransport(timeouts, env) : collectingTransport(processTransport(timeouts, env), runsDir(opts.dataDir))),
    {
      commandTimeoutMs: timeouts.commandMs,
      // A claim outlasts the longest try by a margin: a minute, or less under the tests' shorter limits so a takeover is seen in seconds.
      claimMs: timeouts.commandMs + Math.min(60_000, 5 * timeouts.commandMs),
      verifyWaitMs: opts.controlVerifyWaitMs,
      ...opts.controlClaims,
    },
  );
  // An action a crash left owed is sent now, whatever this process was opened for.
  control.outbox.kick();
  if (opts.resolvePendingPayments !== false) {
    // A payment whose outcome a crash left unknown is settled now; a failure here leaves it for the next sync.
    await payments.resolvePending().catch(() => null);
  }
  return {
    dataDir: opts.dataDir,
    engine,
    schedules,
    insights,
    alerts,
    usage,
    payments,
    control,
    idle,
    paymentsConfig,
    stripeKeyFromEnv: Boolean(env.STRIPE_SECRET_KEY?.trim()),
    async close() {
      await control.close();
      await payments.close();
      alerts.close();
      engine.close();
    },
  };
}
