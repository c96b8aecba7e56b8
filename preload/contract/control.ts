/** Deployment control: the command or webhook that starts and stops a deployment's real instance. */

import type { Iso } from './common.js';

/** A deployment's control as shown (a webhook's secret is never sent: only whether one is kept). */
export type ControlDto =
  | { kind: 'command'; command: string; args: string[]; verifyUrl: string | null; updatedAt: Iso }
  | { kind: 'webhook'; url: string; hasSecret: boolean; verifyUrl: string | null; updatedAt: Iso };

/** One try of an action. */
export interface ControlTryDto {
  n: number;
  startedAt: Iso;
  finishedAt: Iso | null;
  outcome: 'ok' | 'failed' | null;
  detail: string;
}

/** One owed action (one per state change) with its tries and its verify check. */
export interface ControlActionDto {
  id: number;
  action: 'start' | 'pause' | 'resume' | 'stop';
  reason: string;
  /** The webhook id / BURNRATE_ACTION_KEY, the same on every try. */
  key: string;
  at: Iso;
  status: 'pending' | 'sending' | 'succeeded' | 'failed' | 'superseded';
  attempts: number;
  nextAttemptAt: Iso | null;
  finishedAt: Iso | null;
  verify: 'pending' | 'ok' | 'failed' | null;
  verifyDeadline: Iso | null;
  verifiedAt: Iso | null;
  tries: ControlTryDto[];
}

/** A deployment's control and its action history, newest first. */
export interface ControlView {
  deploymentId: number;
  control: ControlDto | null;
  /** Minutes without a request after which it pauses (reason idle); null when off. */
  idleAfterMinutes: number | null;
  history: ControlActionDto[];
}

/** A deployment's control with its newest `limit` actions (default 50, at most 1,000). */
export interface ControlGetInput {
  id: number;
  limit?: number;
}

/** Attach a command (run without a shell) or a webhook (Standard Webhooks signature). */
export type SetControlInput =
  | { id: number; kind: 'command'; command: string; args: string[]; verifyUrl: string | null }
  | { id: number; kind: 'webhook'; url: string; secret: string; verifyUrl: string | null };

/** What `test` answered: the hook's outcome and, with a verify URL, what it says now. */
export interface ControlTestReply {
  ok: boolean;
  detail: string;
  probe: 'serving' | 'not_serving' | 'unknown' | null;
}
