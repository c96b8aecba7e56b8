import type { Engine } from '../engine.js';
import { balanceAt } from '../insights/spend-queries.js';
import type { AlertStore } from './alert-store.js';
import { idlePausedText, pausedForCreditsText } from './alert-texts.js';
import type { AlertKind, Severity } from './alert-types.js';
import { cachedStatement } from '../db/statement-cache.js';
import { noticeTitle } from '../payments/notice-texts.js';

const NOTICE_SEVERITY: Record<string, Severity> = {
  refill_succeeded: 'info',
  refill_failed: 'warning',
  refill_capped: 'warning',
  refill_needs_action: 'critical',
  auto_refill_disabled: 'critical',
  reconciliation: 'warning',
};

const NOTICE_ACTIONS: Record<string, { label: string; target: string }[]> = {
  refill_failed: [{ label: 'Update card', target: 'update-card' }],
  refill_capped: [{ label: 'Add credits', target: 'add-credits' }],
  refill_needs_action: [{ label: 'Confirm payment', target: 'confirm-payment' }],
  auto_refill_disabled: [{ label: 'Update card', target: 'update-card' }],
  reconciliation: [{ label: 'Transactions', target: 'open:billing' }],
};

/** Notices that describe a state that lasts (one open alert each until it passes); the others are news. */
const CONDITION_NOTICES: readonly string[] = ['refill_failed', 'refill_capped', 'refill_needs_action', 'auto_refill_disabled'];

/**
 * Rules evaluated once per settle pass, after it: each reads from a cursor
 * in the database, so nothing is lost to a crash between passes
 * and nothing is raised twice.
 */
export class SettleAlertRules {
  constructor(
    private readonly engine: Engine,
    private readonly store: AlertStore,
  ) {}

  /** Sets the cursors to "now" the first time, so an existing database does not replay its history. */
  initCursors(): void {
    if (this.store.getState<number>('cursor:deployment_events') === undefined) {
      this.store.setState('cursor:deployment_events', this.maxId('deployment_events'));
    }
    if (this.store.getState<number>('cursor:payment_notices') === undefined) {
      this.store.setState('cursor:payment_notices', this.maxId('payment_notices'));
    }
  }

  /** Runs every after-settle rule in one transaction. */
  evaluate(): void {
    this.engine.db
      .transaction(() => {
        this.pausedForCredits();
        this.paymentNotices();
      })
      .immediate();
  }

  private maxId(table: 'deployment_events' | 'payment_notices'): number {
    return (cachedStatement(this.engine.db, `SELECT COALESCE(MAX(id), 0) FROM ${table}`, 'pluck').get() as number) ?? 0;
  }

  private pausedForCredits(): void {
    const cursor = this.store.getState<number>('cursor:deployment_events') ?? 0;
    const rows = cachedStatement(
      this.engine.db,
      'SELECT id, deployment_id AS deploymentId, at, reason, to_state AS toState FROM deployment_events WHERE id > ? ORDER BY id',
    ).all(cursor) as { id: number; deploymentId: number; at: number; reason: string; toState: string }[];
    for (const r of rows) {
      if (r.toState === 'paused' && r.reason === 'idle') {
        this.idlePaused(r);
        continue;
      }
      if (r.toState !== 'paused' || r.reason !== 'insufficient_credits') {
        // Any later change (resumed, paused by its schedule or the user, stopped) ends the pause for credits.
        this.store.resolveCondition(`paused_for_credits:${r.deploymentId}`, r.at);
        continue;
      }
      const d = this.engine.deployments.find(r.deploymentId);
      if (!d) continue;
      const price = this.engine.catalog.priceAt(d.tier, r.at);
      const balance = balanceAt(this.engine.db, r.at);
      this.store.insert(
        {
          kind: 'paused_for_credits',
          severity: 'critical',
          title: `${d.name} paused for credits`,
          message: pausedForCreditsText(d.name, price, balance),
          dedupeKey: `paused_for_credits:${r.id}`,
          at: r.at,
          deploymentId: d.id,
          actions: [{ label: 'Add credits', target: 'add-credits' }],
          data: { price, balance },
          conditionKey: `paused_for_credits:${d.id}`,
        },
        this.engine.now(),
      );
    }
    if (rows.length > 0) this.store.setState('cursor:deployment_events', rows[rows.length - 1]!.id);
  }

  /** "chat-70b paused after 60 min without a request: saves 8,400 credits ($84.00) a day while it stays paused." */
  private idlePaused(r: { id: number; deploymentId: number; at: number }): void {
    const d = this.engine.deployments.find(r.deploymentId);
    if (!d) return;
    const perDay = this.engine.catalog.priceAt(d.tier, r.at) * 24;
    const minutes = cachedStatement(this.engine.db, 'SELECT after_minutes FROM deployment_idle WHERE deployment_id = ?', 'pluck').get(d.id) as
      number | undefined;
    this.store.insert(
      {
        kind: 'idle_paused',
        severity: 'info',
        title: `${d.name} paused while idle`,
        message: idlePausedText(d.name, minutes ?? null, perDay),
        dedupeKey: `idle_paused:${r.id}`,
        at: r.at,
        deploymentId: d.id,
        data: { savesPerDay: perDay, afterMinutes: minutes ?? null },
      },
      this.engine.now(),
    );
  }

  private paymentNotices(): void {
    const cursor = this.store.getState<number>('cursor:payment_notices') ?? 0;
    const rows = cachedStatement(this.engine.db, 'SELECT id, kind, at, message, data FROM payment_notices WHERE id > ? ORDER BY id').all(cursor) as {
      id: number;
      kind: AlertKind;
      at: number;
      message: string;
      data: string;
    }[];
    for (const n of rows) {
      const data = JSON.parse(n.data) as Record<string, unknown>;
      // A refill went through: the failures and the cap before it have passed, in notice order.
      if (n.kind === 'refill_succeeded') for (const k of ['refill_failed', 'refill_capped']) this.store.resolveCondition(k, n.at);
      this.store.insert(
        {
          kind: n.kind,
          severity: NOTICE_SEVERITY[n.kind] ?? 'warning',
          title: noticeTitle(n.kind, data),
          message: n.message,
          dedupeKey: `notice:${n.id}`,
          at: n.at,
          actions: NOTICE_ACTIONS[n.kind] ?? [],
          data,
          conditionKey: CONDITION_NOTICES.includes(n.kind) ? n.kind : null,
        },
        this.engine.now(),
      );
    }
    if (rows.length > 0) this.store.setState('cursor:payment_notices', rows[rows.length - 1]!.id);
  }
}
