/** Deployment lifecycle states; `stopped` is final. */
export const DEPLOYMENT_STATES = ['created', 'running', 'paused', 'stopped'] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

export const PRECISIONS = ['fp16', 'bf16', 'awq', 'int4', 'int8'] as const;
export type Precision = (typeof PRECISIONS)[number];

/** Why a deployment changed state. */
export const TRANSITION_REASONS = ['user', 'schedule', 'insufficient_credits', 'credits_added', 'idle'] as const;
export type TransitionReason = (typeof TRANSITION_REASONS)[number];

/** Why a deployment is paused (credits_added only ever resumes). */
export type PausedReason = Exclude<TransitionReason, 'credits_added'>;

export interface Deployment {
  id: number;
  name: string;
  model: string;
  paramsB: number;
  precision: Precision;
  tier: string;
  state: DeploymentState;
  pausedReason: PausedReason | null;
  /** While running, when the next hour falls due (epoch ms). */
  nextChargeAt: number | null;
  /** End of the last paid hour (epoch ms), if any hour was paid. */
  paidUntil: number | null;
  createdAt: number;
}

export interface DeploymentEvent {
  id: number;
  deploymentId: number;
  at: number;
  fromState: DeploymentState;
  toState: DeploymentState;
  reason: TransitionReason;
}

export interface NewDeployment {
  name: string;
  model: string;
  paramsB: number;
  precision: Precision;
  tier: string;
}
