import { z } from 'zod';
import { WEEKDAYS } from '../schedules/schedule-types.js';
import type { Db } from '../db/open-database.js';
import { RefusedError } from '../errors.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { cachedStatement } from '../db/statement-cache.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM, e.g. 09:00');

/** A deployment's spend limit over a trailing window. */
export const deploymentLimitSchema = z.object({
  deploymentId: z.number().int().min(1),
  windowHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 31),
  limitCredits: z.number().int().min(1).max(1_000_000_000),
});
export type DeploymentLimit = z.infer<typeof deploymentLimitSchema>;

/** Alert settings, each with a sane default (see docs/insights-and-alerts.md). */
export const alertSettingsSchema = z.object({
  /** Low-balance thresholds in credits; each fires once per downward crossing. */
  lowBalanceThresholds: z.array(z.number().int().min(1).max(1_000_000_000)).max(10).default([500]),
  /** Alert when the runway drops below this many hours (null: off). */
  runwayHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .nullable()
    .default(24),
  /** Local time of day the daily (and weekly) summary is raised. */
  summaryTime: hhmm.default('09:00'),
  dailySummary: z.boolean().default(true),
  weeklySummary: z.boolean().default(true),
  /** Day the weekly summary (of the previous Monday–Sunday week) is raised. */
  weeklyDay: z.enum(WEEKDAYS).default('mon'),
  deploymentLimits: z.array(deploymentLimitSchema).max(500).default([]),
});
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

const KEY = 'alerts.settings';

/** The defaults, as a fresh install has them. */
export function defaultAlertSettings(): AlertSettings {
  return alertSettingsSchema.parse({});
}

/**
 * Reads alert settings, re-parsing only when the stored JSON changed: the
 * ledger listener reads them for every appended entry during catch-up.
 */
export class AlertSettingsReader {
  private raw: string | undefined | null = null;
  private cached: AlertSettings = defaultAlertSettings();
  private readonly rawStmt;

  constructor(
    db: Db,
    private readonly settings: SettingsStore,
  ) {
    this.rawStmt = cachedStatement(db, 'SELECT value FROM settings WHERE key = ?', 'pluck');
  }

  /** Current settings. */
  get(): AlertSettings {
    const raw = this.rawStmt.get(KEY) as string | undefined;
    if (raw !== this.raw) {
      this.raw = raw;
      this.cached = this.settings.get(KEY, alertSettingsSchema, defaultAlertSettings());
    }
    return this.cached;
  }

  /** Validates a partial update against the current settings and stores the result. */
  update(patch: Partial<AlertSettings>): AlertSettings {
    return this.settings.set(KEY, alertSettingsSchema, this.merge(patch));
  }

  /** Refuses an update the schema rejects, changing nothing. */
  check(patch: Partial<AlertSettings>): void {
    const parsed = alertSettingsSchema.safeParse(this.merge(patch));
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new RefusedError('invalid_setting', `invalid alert setting ${first?.path.join('.') ?? ''}: ${first?.message ?? 'rejected'}`);
    }
  }

  private merge(patch: Partial<AlertSettings>): AlertSettings {
    const next = { ...this.get(), ...patch };
    if (Array.isArray(next.lowBalanceThresholds)) next.lowBalanceThresholds = [...new Set(next.lowBalanceThresholds)].sort((a, b) => b - a);
    return next;
  }
}
