import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ControlMessage, ControlTarget, ControlTransport, HandedOff, SendResult } from '../../core/control/control-types.js';
import type { ControlTimeouts } from './default-transport.js';

/** How to start a runner process (it reads its job on stdin). */
export interface RunnerCommand {
  command: string;
  args: string[];
}

/** One try for a runner: what to send and where to leave the outcome. Sent on stdin, never in arguments (it may hold the webhook secret). */
export interface RunnerJob {
  target: ControlTarget;
  message: ControlMessage;
  secret: string | null;
  timeouts: ControlTimeouts;
  /** The environment the hook's own is made from (the sender's). */
  env: NodeJS.ProcessEnv;
  outcomeFile: string;
}

/** How long past its own time limit a runner's claim holds (its start and its outcome file). */
const CLAIM_MARGIN_MS = 30_000;

function readOutcome(file: string): SendResult | null {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SendResult>;
    return typeof r.ok === 'boolean' && typeof r.detail === 'string' ? { ok: r.ok, detail: r.detail } : null;
  } catch {
    return null;
  }
}

const outcomeFile = (dir: string, key: string, attempt: number) => path.join(dir, `${key.replace(/[^A-Za-z0-9_-]/g, '_')}.${attempt}.json`);

/** The folder of a data folder where runners leave their outcomes. */
export function runsDir(dataDir: string): string {
  return path.join(dataDir, 'control-runs');
}

/**
 * A transport that also records what CLI runners left (`collect`, `forget`):
 * the app's and the web host's, so a try a CLI command handed off is recorded
 * by them too, never sent again.
 */
export function collectingTransport(base: ControlTransport, dir: string): ControlTransport {
  return {
    send: (target, message, secret) => base.send(target, message, secret),
    probe: (url) => base.probe(url),
    collect: (key, attempt) => readOutcome(outcomeFile(dir, key, attempt)),
    forget: (key, attempt) => fs.rmSync(outcomeFile(dir, key, attempt), { force: true }),
  };
}

/**
 * The transport of a short-lived process (the CLI): each try of an owed
 * action runs in a runner process of its own, which applies the usual time
 * limits and writes the outcome to `dir`. The sender waits for it — unless it
 * has to leave first: then the runner goes on alone, the claim passes to it,
 * and the next process that opens the folder records its outcome
 * (`collect`). So a slow hook never holds up a command, and it still runs once.
 * `test` and the verify probe run in this process (`base`).
 */
export function detachedTransport(
  base: ControlTransport,
  o: { dir: string; runner: RunnerCommand; timeouts: ControlTimeouts; env: NodeJS.ProcessEnv },
): ControlTransport {
  const fileOf = (key: string, attempt: number) => outcomeFile(o.dir, key, attempt);
  return {
    ...collectingTransport(base, o.dir),
    sendDetached(target, message, secret, { attempt, leave }) {
      const outcomeFile = fileOf(message.key, attempt);
      try {
        fs.mkdirSync(o.dir, { recursive: true, mode: 0o700 });
        fs.rmSync(outcomeFile, { force: true });
      } catch {
        return base.send(target, message, secret); // a folder it cannot write: send from here, as a host does
      }
      const limit = target.kind === 'command' ? o.timeouts.commandMs : o.timeouts.webhookMs;
      // The hook never sees the app's variables or the Stripe key: they stay out of the job too.
      const env = Object.fromEntries(Object.entries(o.env).filter(([k]) => !k.startsWith('BURNRATE_') && k !== 'STRIPE_SECRET_KEY'));
      const job: RunnerJob = { target, message, secret, timeouts: o.timeouts, env, outcomeFile };
      return new Promise<SendResult | HandedOff>((resolve) => {
        let settled = false;
        const finish = (r: SendResult | HandedOff) => {
          if (settled) return;
          settled = true;
          leave.removeEventListener('abort', onLeave);
          resolve(r);
        };
        const child = spawn(o.runner.command, o.runner.args, { detached: true, stdio: ['pipe', 'ignore', 'ignore'], windowsHide: true });
        const onLeave = () => {
          if (!child.pid) return; // not started: its error or exit settles it
          child.unref();
          finish({ handedOff: true, owner: `${os.hostname()}:${child.pid}`, until: Date.now() + limit + CLAIM_MARGIN_MS });
        };
        child.on('error', (err) => finish({ ok: false, detail: `could not start the control runner: ${err.message}` }));
        child.on('exit', () => {
          if (settled) return; // handed off: its outcome file waits for the next process
          const r = readOutcome(outcomeFile);
          fs.rmSync(outcomeFile, { force: true });
          finish(r ?? { ok: false, detail: 'the control runner ended without an outcome' });
        });
        child.stdin!.on('error', () => undefined);
        child.stdin!.end(JSON.stringify(job));
        if (leave.aborted) onLeave();
        else leave.addEventListener('abort', onLeave, { once: true });
      });
    },
  };
}
