import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import type { TransitionRecord } from '../deployments/deployment-repo.js';
import { type ControlAlertSink, ControlOutbox, type OutboxOptions } from './control-outbox.js';
import { ControlStore, targetOf } from './control-store.js';
import type { ControlAttempt, ControlActionRecord, ControlConfig, ControlTransport, OwedActionName, Probe, SendResult } from './control-types.js';
import { type ControlInput, validateControl } from './validate-control.js';
import { keepRedacted, redactUrlsIn } from './redact-url.js';

/** The action a state change owes the instance, if any (paused → paused changes nothing real). */
export function owedAction(t: Pick<TransitionRecord, 'before' | 'after'>): OwedActionName | null {
  const from = t.before.state;
  const to = t.after.state;
  if (to === 'stopped') return 'stop';
  if (to === 'running') return from === 'created' ? 'start' : from === 'paused' ? 'resume' : null;
  if (to === 'paused' && from === 'running') return 'pause';
  return null;
}

/** Random per process start: with host and pid it names this process uniquely, even when a restart reuses the pid (pid 1 in a container). */
const BOOT_ID = randomBytes(6).toString('hex');

/** This process as an outbox owner: "host:pid:boot". */
export function processOwner(): string {
  return `${os.hostname()}:${process.pid}:${BOOT_ID}`;
}

/**
 * Whether a process named by an outbox owner ("host:pid:boot", or a runner's
 * "host:pid") is alive on this machine; another machine's is assumed alive
 * (its claim lapses by its deadline). This pid with another boot id is an
 * earlier process that had the same pid: dead.
 */
export function ownerAlive(owner: string): boolean {
  const [host, pid, boot] = owner.split(':');
  if (host !== os.hostname()) return true;
  if (Number(pid) === process.pid) return boot === undefined || boot === BOOT_ID;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What `deploy control show` and the dialog read: the control (no secret) and its history. */
export interface ControlView {
  deploymentId: number;
  control: ControlConfig | null;
  history: (ControlActionRecord & { tries: ControlAttempt[] })[];
}

/**
 * Deployment control: each deployment may name what runs it (a command or a
 * webhook). Every state change records the action it owes in its own
 * transaction; the outbox sends it after commit.
 */
export class DeploymentControl {
  readonly store: ControlStore;
  readonly outbox: ControlOutbox;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly engine: Engine,
    alerts: ControlAlertSink,
    private readonly transport: ControlTransport,
    opts: Partial<OutboxOptions> & { commandTimeoutMs: number },
  ) {
    this.store = new ControlStore(engine.db);
    this.outbox = new ControlOutbox(engine, this.store, alerts, transport, {
      owner: opts.owner ?? processOwner(),
      claimMs: opts.claimMs ?? opts.commandTimeoutMs + 60_000,
      wallClock: opts.wallClock ?? Date.now,
      isAlive: opts.isAlive ?? ownerAlive,
      verifyWaitMs: opts.verifyWaitMs ?? 10_000,
    });
    this.unsubscribe = engine.deployments.onTransition((t) => this.record(t));
    engine.addHooks({ afterSettle: () => this.outbox.kick() });
  }

  private record(t: TransitionRecord): void {
    const action = owedAction(t);
    if (!action) return;
    const config = this.store.config(t.after.id);
    if (!config) return;
    this.store.insertOwed(t.after.id, t.eventId, action, t.reason, targetOf(config), t.at);
  }

  /** Attaches (or replaces) a deployment's command or webhook; refused for a stopped deployment. */
  async set(deploymentId: number, input: ControlInput): Promise<ControlConfig> {
    const checked = validateControl(this.unredacted(deploymentId, input));
    const precheck = () => {
      if (this.engine.deployments.get(deploymentId).state === 'stopped') {
        throw new RefusedError('invalid_state', `deployment ${deploymentId} is stopped: there is nothing left to control`);
      }
    };
    return this.engine.act((now) => {
      precheck();
      this.store.setConfig(deploymentId, checked.target, checked.secret, now);
      return this.store.config(deploymentId)!;
    }, precheck);
  }

  /** The dialog sends back the redacted URLs it was shown: those stand for the stored ones. */
  private unredacted(deploymentId: number, input: ControlInput): ControlInput {
    const stored = this.store.config(deploymentId);
    if (!stored) return input;
    const verifyUrl = keepRedacted(input.verifyUrl, stored.verifyUrl);
    if (input.kind === 'webhook' && stored.kind === 'webhook') return { ...input, url: keepRedacted(input.url, stored.url) as string, verifyUrl };
    return { ...input, verifyUrl };
  }

  /** Removes a deployment's control (actions not yet sent are dropped); false when it had none. */
  async clear(deploymentId: number): Promise<boolean> {
    return this.engine.act(
      (now) => this.store.clear(deploymentId, now),
      () => this.engine.deployments.get(deploymentId),
    );
  }

  /** A deployment's control and action history, newest first. */
  view(deploymentId: number, limit = 100): ControlView {
    this.engine.deployments.get(deploymentId);
    return { deploymentId, control: this.store.config(deploymentId) ?? null, history: this.store.history(deploymentId, limit) };
  }

  /** Sends action `test` now and asks the verify URL once; records and changes nothing. */
  async test(deploymentId: number): Promise<{ result: SendResult; probe: Probe | null }> {
    const d = this.engine.deployments.get(deploymentId);
    const config = this.store.config(deploymentId);
    if (!config) throw new RefusedError('no_control', `deployment ${deploymentId} (${d.name}) has no control: attach one with deploy control set`);
    const now = this.engine.now();
    const secret = config.kind === 'webhook' ? this.store.secret(deploymentId) : null;
    const result = await this.transport.send(
      targetOf(config),
      {
        action: 'test',
        key: `msg_burnrate_test_${deploymentId}_${now}`,
        deployment: { id: d.id, name: d.name, model: d.model, tier: d.tier },
        reason: 'test',
        at: now,
      },
      secret,
    );
    const probe = config.verifyUrl ? await this.transport.probe(config.verifyUrl) : null;
    return { result: { ...result, detail: redactUrlsIn(result.detail) }, probe };
  }

  /** Whether the deployment's latest action failed or its check disagrees. */
  failing(deploymentId: number): boolean {
    return this.store.failing(deploymentId);
  }

  /** Finishes sending what is under way, then detaches. */
  async close(): Promise<void> {
    await this.outbox.close();
    this.unsubscribe();
  }
}
