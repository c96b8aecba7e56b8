import type { Engine } from './engine.js';
import type { Alerts } from './alerts/alert-engine.js';
import type { Insights } from './insights/insights.js';
import type { PauseSchedules } from './schedules/pause-schedules.js';
import type { UsageScraper } from './usage/usage-scrape.js';
import type { GatewayConfig } from './payments/gateway-config.js';
import type { Payments } from './payments/payments.js';
import type { DeploymentControl } from './control/deployment-control.js';
import type { IdlePause } from './control/idle-pause.js';

/**
 * What a host gets: the engine plus the modules that hang off it (payments,
 * insights, alerts, reports). Hosts depend on this shape only; a composition
 * root outside the core (main/compose) builds it and chooses the adapters
 * (payment gateway, control transport), so every host is wired the same way.
 */
export interface Services {
  /** The folder holding the ledger (and the sandbox's file). */
  dataDir: string;
  engine: Engine;
  schedules: PauseSchedules;
  insights: Insights;
  alerts: Alerts;
  usage: UsageScraper;
  payments: Payments;
  /** Deployment control: commands and webhooks that start and stop the real instances. */
  control: DeploymentControl;
  /** Idle auto-pause: a running deployment with no request for N minutes pauses (reason idle). */
  idle: IdlePause;
  /** Where payments go now (refuses a live key); read again after the stored key changes. */
  paymentsConfig(): GatewayConfig;
  /** True when STRIPE_SECRET_KEY in the environment sets the key (a stored key is then unused). */
  stripeKeyFromEnv: boolean;
  close(): Promise<void>;
}
