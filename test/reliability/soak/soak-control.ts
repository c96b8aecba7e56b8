import fs from 'node:fs';
import path from 'node:path';
import type { SimulatedClock } from '../../../main/core/clock.js';
import type { ControlTransport } from '../../../main/core/control/control-types.js';
import type { Services } from '../../../main/core/services.js';
import { processTransport } from '../../../main/adapters/control/default-transport.js';
import { controlLivenessViolations } from '../control-liveness.js';
import { deliveryViolations, hookCalls, RECEIVER_SECRET, type Route, sharedReceiver, SWEEP_HOOK } from '../control-receiver.js';
import { Prng } from './prng.js';

type HookMode = 'ok' | 'fail' | 'hang';
type WebhookMode = 'ok' | '500';

/** Most tries work; some fail; a hook rarely hangs (each hang costs the time limit in real time). */
const HOOK_MODES: Record<HookMode, number> = { ok: 16, fail: 4, hang: 0.08 };
const WEBHOOK_MODES: Record<WebhookMode, number> = { ok: 4, '500': 1 };
/** The soak's time limits: a hang is killed after 1 s; a working hook or receiver answers in milliseconds. */
const TIMEOUTS = { commandMs: 1_000, webhookMs: 5_000, probeMs: 1_000 };

/**
 * The controlled deployments of one soak seed: a deployment gets a webhook
 * to the run's shared receiver (every seed) or, on command seeds, the POSIX
 * sh hook, or nothing; before each operation the receiver's answer and the
 * hook's behaviour are drawn again (from a source of their own, so the
 * seed's operations are the same as without control). After the month, the
 * clock runs past every retry and every state change must have ended in
 * exactly one successful action or a control_failed alert.
 */
export class SoakControl {
  private webhookMode: WebhookMode = 'ok';
  readonly transport: ControlTransport;

  private constructor(
    private readonly rnd: Prng,
    private readonly route: Route,
    private readonly hookDir: string | null,
  ) {
    this.transport = processTransport(TIMEOUTS, { PATH: process.env.PATH });
  }

  /** A seed's control; `commands` also attaches command hooks (a real process per try, so not on every seed). */
  static async open(seed: number, scratch: string, commands: boolean): Promise<SoakControl> {
    const receiver = await sharedReceiver();
    let self: SoakControl | null = null;
    const route = receiver.route(() => (self!.webhookMode === '500' ? 500 : 204));
    const hookDir = commands ? fs.mkdtempSync(path.join(scratch, 'burnrate-soak-hook-')) : null;
    self = new SoakControl(new Prng(seed * 7919 + 104_729), route, hookDir);
    return self;
  }

  /** Attaches a control (or none) to a deployment just created, before its first state change. */
  async attach(svc: Services, deploymentId: number): Promise<void> {
    const kind = this.rnd.weighted({ none: 3, webhook: 2, command: this.hookDir ? 2 : 0 });
    if (kind === 'webhook') await svc.control.set(deploymentId, { kind: 'webhook', url: this.route.url, secret: RECEIVER_SECRET });
    if (kind === 'command') await svc.control.set(deploymentId, { kind: 'command', command: SWEEP_HOOK, args: [this.hookDir!] });
  }

  /** Draws how the receiver and the hook answer until the next operation. */
  shuffle(hang = true): string {
    this.webhookMode = this.rnd.weighted(WEBHOOK_MODES);
    const hook = this.hookDir ? this.rnd.weighted(hang ? HOOK_MODES : { ...HOOK_MODES, hang: 0 }) : null;
    if (hook) fs.writeFileSync(path.join(this.hookDir!, 'mode'), hook);
    return `[webhook ${this.webhookMode}${hook ? `, hook ${hook}` : ''}]`;
  }

  /**
   * Moves the clock on (settling, letting the outbox send) until nothing is
   * owed: every retry tried, every action ended. New state changes on the way
   * (a schedule's edge) are sent too.
   */
  async drain(svc: Services, clock: SimulatedClock, settle: () => Promise<void>): Promise<string[]> {
    for (let i = 0; i < 60; i++) {
      await svc.control.outbox.idle();
      const due = svc.control.store.nextDueAt();
      if (due === null) return [];
      this.shuffle(false);
      clock.set(new Date(Math.max(clock.now().getTime(), due)));
      await settle();
      await svc.control.outbox.idle();
    }
    return ['deployment control: actions still owed after an hour of retries'];
  }

  /** The control rule and what really arrived at the receiver and the hook. */
  violations(svc: Services): string[] {
    const db = svc.engine.db;
    return [
      ...controlLivenessViolations(db),
      ...deliveryViolations(db, { deliveries: this.route.deliveries, hookKeys: this.hookDir ? hookCalls(this.hookDir) : [] }),
    ].map((v) => `control: ${v}`);
  }

  /** How many actions the seed sent (its report). */
  static actions(svc: Services): number {
    return svc.engine.db.prepare('SELECT COUNT(*) FROM control_actions').pluck().get() as number;
  }

  /** Frees the route and removes the hook's folder. */
  close(): void {
    this.route.close();
    if (this.hookDir) fs.rmSync(this.hookDir, { recursive: true, force: true });
  }
}
