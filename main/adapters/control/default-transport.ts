import type { ControlTransport } from '../../core/control/control-types.js';
import { runCommandHook } from './command-transport.js';
import { probeUrl } from './probe.js';
import { postWebhook } from './webhook-transport.js';

/** How long a try may take. */
export interface ControlTimeouts {
  /** A command hook is killed after this (60 s). */
  commandMs: number;
  /** A webhook with no answer by then failed (10 s). */
  webhookMs: number;
  /** One verify request (5 s). */
  probeMs: number;
}

export const DEFAULT_CONTROL_TIMEOUTS: ControlTimeouts = { commandMs: 60_000, webhookMs: 10_000, probeMs: 5_000 };

/**
 * Shorter limits for tests only (`BURNRATE_CONTROL_TIMEOUT_MS` caps every
 * one): a hanging hook then fails in a test in seconds instead of a minute.
 */
export function controlTimeoutsFromEnv(env: NodeJS.ProcessEnv): ControlTimeouts {
  const cap = Number(env.BURNRATE_CONTROL_TIMEOUT_MS);
  if (!Number.isSafeInteger(cap) || cap <= 0) return DEFAULT_CONTROL_TIMEOUTS;
  return {
    commandMs: Math.min(cap, DEFAULT_CONTROL_TIMEOUTS.commandMs),
    webhookMs: Math.min(cap, DEFAULT_CONTROL_TIMEOUTS.webhookMs),
    probeMs: Math.min(cap, DEFAULT_CONTROL_TIMEOUTS.probeMs),
  };
}

/** The transport that runs commands with child_process and posts webhooks with fetch. */
export function processTransport(timeouts: ControlTimeouts = DEFAULT_CONTROL_TIMEOUTS, env: NodeJS.ProcessEnv = process.env): ControlTransport {
  return {
    send(target, message, secret) {
      if (target.kind === 'command') return runCommandHook(target.command, target.args, message, timeouts.commandMs, env);
      if (!secret) return Promise.resolve({ ok: false, detail: 'no webhook secret is stored: set the control again' });
      return postWebhook(target.url, secret, message, timeouts.webhookMs);
    },
    probe: (url) => probeUrl(url, timeouts.probeMs),
  };
}
