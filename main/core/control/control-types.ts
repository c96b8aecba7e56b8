import type { Deployment } from '../deployments/deployment-types.js';

/** What a control is asked to do; `test` only checks the hook and changes nothing. */
export const CONTROL_ACTIONS = ['start', 'pause', 'resume', 'stop', 'test'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];
/** Actions owed by a state change (a test is sent at once and not recorded). */
export type OwedActionName = Exclude<ControlAction, 'test'>;

/** How a deployment is controlled (never holds the webhook secret). */
export type ControlTarget =
  { kind: 'command'; command: string; args: string[]; verifyUrl: string | null } | { kind: 'webhook'; url: string; verifyUrl: string | null };

/** A deployment's control as stored; `hasSecret` says a webhook secret is kept (it is never returned). */
export type ControlConfig = ControlTarget & { deploymentId: number; hasSecret: boolean; updatedAt: number };

/** What the sender gets for one try: the action, the deployment, why, and the stable key. */
export interface ControlMessage {
  action: ControlAction;
  /** Stays the same across retries: the webhook id, BURNRATE_ACTION_KEY for a command. */
  key: string;
  deployment: Pick<Deployment, 'id' | 'name' | 'model' | 'tier'>;
  reason: string;
  /** When the state changed (epoch ms). */
  at: number;
}

/** The outcome of one try. */
export interface SendResult {
  ok: boolean;
  /** One line for the history: "exit 0", "exit 3", "killed after 60 s", "HTTP 500". Never a secret. */
  detail: string;
}

/** What a verify URL says about the real instance. */
export type Probe = 'serving' | 'not_serving' | 'unknown';

/**
 * The port deployment control sends through (like the payment gateway): the
 * core decides what is owed; a transport runs the command or posts the webhook.
 */
export interface ControlTransport {
  /** Runs one try; resolves (never rejects) with its outcome. `secret` is only given for webhooks. */
  send(target: ControlTarget, message: ControlMessage, secret: string | null): Promise<SendResult>;
  /** Asks a verify URL once: 2xx serving, refused or 5xx not serving, anything else unknown. */
  probe(url: string): Promise<Probe>;
  /**
   * Optional, for a short-lived process (the CLI): runs one try of an owed
   * action in a process of its own that outlives this one. When `leave` fires
   * before the try ends, it resolves at once with the runner to hand the
   * claim to; the runner leaves its outcome for `collect`.
   */
  sendDetached?(
    target: ControlTarget,
    message: ControlMessage,
    secret: string | null,
    try_: { attempt: number; leave: AbortSignal },
  ): Promise<SendResult | HandedOff>;
  /** The outcome a handed-off try left, or null while it has none (it still runs, or it died). */
  collect?(key: string, attempt: number): SendResult | null;
  /** Removes a collected outcome once it is recorded. */
  forget?(key: string, attempt: number): void;
}

/** A try left running in a runner process: the claim passes to it until `until` (wall-clock ms). */
export interface HandedOff {
  handedOff: true;
  /** The runner, as an outbox owner ("host:pid"). */
  owner: string;
  until: number;
}

/** An owed action as stored in the outbox. */
export interface ControlActionRecord {
  id: number;
  deploymentId: number;
  eventId: number;
  action: OwedActionName;
  reason: string;
  key: string;
  target: ControlTarget;
  at: number;
  status: 'pending' | 'sending' | 'succeeded' | 'failed' | 'superseded';
  attempts: number;
  nextAttemptAt: number | null;
  finishedAt: number | null;
  verify: 'pending' | 'ok' | 'failed' | null;
  verifyDeadline: number | null;
  verifiedAt: number | null;
}

/** One try of an action. */
export interface ControlAttempt {
  actionId: number;
  n: number;
  startedAt: number;
  finishedAt: number | null;
  outcome: 'ok' | 'failed' | null;
  detail: string;
}
