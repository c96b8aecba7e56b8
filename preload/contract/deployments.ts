/** Deployments and the instance catalog. */

import type { Iso } from './common.js';

export type Precision = 'fp16' | 'bf16' | 'awq' | 'int4' | 'int8';
export type DeploymentState = 'created' | 'running' | 'paused' | 'stopped';
export type PausedReason = 'user' | 'schedule' | 'insufficient_credits' | 'idle';

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

/** Which bulk action: "Pause all" (the running ones) or "Resume all" (only those paused for credits). */
export type BulkAction = 'pause' | 'resume';

/** Pause all / resume all: `ids` narrows it to what the confirmation listed (absent: every one that qualifies now). */
export interface BulkInput {
  ids?: number[];
}

/** Pause all / resume all: what changed and what was refused (with why). */
export interface BulkReply {
  changed: Deployment[];
  refused: { id: number; code: string; message: string }[];
  balance: number;
}

/** What to size: a model's parameter count (billions) and precision. */
export interface SizingInput {
  paramsB: number;
  precision: Precision;
}

/** One catalog tier for a model: whether it fits, at today's price. */
export interface TierFit {
  code: string;
  name: string;
  memoryGb: number;
  creditsPerHour: number;
  /** The model's weights plus serving headroom fit in the tier's GPU memory. */
  fits: boolean;
}

/** What fits a model, from the engine's sizing table (catalog/model-sizing.ts). */
export interface ModelSizing {
  paramsB: number;
  precision: Precision;
  /** GPU memory the model needs to serve (weights + 10 % headroom), GB. */
  memoryNeededGb: number;
  /** Every tier, cheapest first. */
  tiers: TierFit[];
  /** The cheapest tier that fits, or null when none does. */
  cheapestFit: string | null;
  /** Plain words: "70B fp16 needs about 154 GB: GPU L is the smallest tier that fits." */
  summary: string;
  /**
   * A 4-bit (AWQ) build that fits a cheaper tier (or fits at all when nothing
   * else does). `savingPct` is against `cheapestFit`, floored; null without one.
   */
  alternative: { precision: Precision; tier: string; memoryNeededGb: number; creditsPerHour: number; savingPct: number | null; text: string } | null;
}
