/** Every kind of alert the engine raises. */
export const ALERT_KINDS = [
  'low_balance',
  'runway_low',
  'daily_summary',
  'weekly_summary',
  'deployment_spend',
  'paused_for_credits',
  'refill_succeeded',
  'refill_failed',
  'refill_capped',
  'refill_needs_action',
  'auto_refill_disabled',
  'reconciliation',
  'control_failed',
  'catch_up_confirm',
  'idle_paused',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type Severity = 'info' | 'warning' | 'critical';

/** What an alert's button does in the app (the shell maps it to a screen or command). */
export interface AlertAction {
  label: string;
  /** e.g. `add-credits`, `pause-all`, `update-card`, `confirm-payment`, `open:cost-analysis`. */
  target: string;
}

/** An alert as stored and listed (times epoch ms). */
export interface Alert {
  id: number;
  kind: AlertKind;
  severity: Severity;
  title: string;
  message: string;
  deploymentId: number | null;
  actions: AlertAction[];
  data: Record<string, unknown>;
  /** When it happened (a replayed hour during catch-up). */
  at: number;
  /** When it was recorded. */
  raisedAt: number;
  read: boolean;
  delivery: 'pending' | 'delivered' | 'superseded';
  /** The condition it is about (one open alert per condition), or null for one-off news (summaries, a refill made). */
  conditionKey: string | null;
  /** When its condition passed: it no longer needs action and stays in the history. */
  resolvedAt: number | null;
}

/** What raising an alert takes; the dedupe key makes raising it again a no-op. */
export interface NewAlert {
  kind: AlertKind;
  severity: Severity;
  title: string;
  message: string;
  dedupeKey: string;
  at: number;
  deploymentId?: number | null;
  actions?: AlertAction[];
  data?: Record<string, unknown>;
  /** The condition it is about: while an alert for it is open, raising another is a no-op. */
  conditionKey?: string | null;
}
