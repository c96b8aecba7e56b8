/** Deployments and the instance catalog. */

import type { Iso } from './common.js';

export type Precision = 'fp16' | 'bf16' | 'awq' | 'int4' | 'int8';
export type DeploymentState = 'created' | 'running' | 'paused' | 'stopped';
export type PausedReason = 'user' | 'schedule' | 'insufficient_credits';

export interface Deployment {
  id: number;
  name: string;
  model: string;
  /** Parameter count in billions. */
  params: number;
  precision: Precision;
  tier: string;
  state: DeploymentState;
  pausedReason: PausedReason | null;
  creditsPerHour: number;
  nextChargeAt: Iso | null;
  paidUntil: Iso | null;
  createdAt: Iso | null;
}

export interface NewDeploymentInput {
  name: string;
  model: string;
  paramsB: number;
  precision: Precision;
  /** Tier code: S, M, L… */
  tier: string;
}

export interface InstanceTier {
  code: string;
  name: string;
  memoryGb: number;
  creditsPerHour: number;
}

export interface IdInput {
  id: number;
}

/** A state change, the credits it charged and the balance after. */
export interface LifecycleReply {
  deployment: Deployment;
  chargedCredits: number;
  balance: number;
}

/** Pause all / resume all: what changed and what was refused (with why). */
export interface BulkReply {
  changed: Deployment[];
  refused: { id: number; code: string; message: string }[];
  balance: number;
}
