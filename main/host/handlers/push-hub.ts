import type { PushEvent, PushEvents, Snapshot } from '../../../preload/contract.js';
import type { Services } from '../../core/services.js';
import { alertDto } from './alert-present.js';
import { buildSnapshot } from './snapshot.js';

type Listener = <E extends PushEvent>(event: E, payload: PushEvents[E]) => void;

/** What decides whether a snapshot changed: everything but the reading time and the ticking hours. */
function changeKey(s: Snapshot): string {
  return JSON.stringify({ ...s, at: null, runway: { ...s.runway, hours: null } });
}

/**
 * Fans pushed events out to every transport's subscribers. `refresh()` settles,
 * rebuilds the snapshot and emits `snapshot/changed` only when it differs from
 * the last one sent; concurrent refreshes share one pass.
 */
export class PushHub {
  private readonly listeners = new Set<Listener>();
  private lastKey: string | null = null;
  private last: Snapshot | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private force = false;
  /** Newest alert id already announced; null until the first pass (older alerts are not re-announced). */
  private lastAlertId: number | null = null;

  constructor(private readonly services: Services) {}

  /** Adds a subscriber; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends one event to every subscriber; a failing subscriber does not stop the others. */
  emit<E extends PushEvent>(event: E, payload: PushEvents[E]): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch (err) {
        console.error('[burnrate] push subscriber failed:', err);
      }
    }
  }

  /** The last snapshot sent (or null before the first refresh). */
  current(): Snapshot | null {
    return this.last;
  }

  /** A freshly settled snapshot for a new subscriber (does not affect what the others are sent). */
  async fresh(): Promise<Snapshot> {
    await this.services.engine.settle();
    return buildSnapshot(this.services);
  }

  /**
   * Settles and pushes the snapshot if it changed; safe to call from timers and
   * after every action. `force` pushes it even if only the time moved (a clock jump).
   */
  refresh(force = false): Promise<void> {
    this.force ||= force;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    await this.pollOpenCheckouts();
    await this.services.engine.settle();
    this.announceAlerts();
    const snap = buildSnapshot(this.services);
    const key = changeKey(snap);
    const forced = this.force;
    this.force = false;
    if (key === this.lastKey && !forced) return;
    this.lastKey = key;
    this.last = snap;
    this.emit('snapshot/changed', snap);
  }

  /**
   * A Checkout paid in the browser is credited by a sync that polls it; while
   * one is open every wake-up asks (a failure waits for the next one).
   */
  private async pollOpenCheckouts(): Promise<void> {
    const payments = this.services.payments;
    if (!payments.store.withStatus(['open']).some((p) => p.kind === 'checkout')) return;
    await payments.sync().catch((err: unknown) => console.error('[burnrate] checkout poll failed:', err instanceof Error ? err.message : err));
  }

  /** Emits `alerts/raised` for each alert recorded since the last pass, oldest first. */
  private announceAlerts(): void {
    const recent = this.services.alerts.list({ limit: 50 });
    const newest = recent.reduce((max, a) => Math.max(max, a.id), 0);
    if (this.lastAlertId !== null) {
      const since = this.lastAlertId;
      for (const a of recent.filter((x) => x.id > since).sort((x, y) => x.id - y.id)) this.emit('alerts/raised', alertDto(a));
    }
    this.lastAlertId = Math.max(this.lastAlertId ?? 0, newest);
  }
}
