import { z } from 'zod';
import type { AlertSettings as AlertSettingsDto } from '../../../preload/contract.js';
import type { AlertSettings } from '../../core/alerts/alert-settings.js';
import { iso } from '../../core/calendar.js';
import { alertDto } from './alert-present.js';
import { tickReply } from './billing-handlers.js';
import { handler, type HandlerTable } from './handler-types.js';
import { emptyInput, idSchema } from './schemas.js';

/** The most alerts one page holds: the newest the engine pages through (its own window). */
const MAX_LIST = 10_000;

/**
 * A settings patch: only the fields and their types. Their rules (bounds,
 * HH:MM, the weekday, how many) are the engine's, checked on the merged
 * settings before anything is written, so every host gets the one refusal
 * (`invalid_setting`, naming the field). No defaults here: a default would
 * silently reset fields the patch omits.
 */
const settingsPatch = z.strictObject({
  lowBalanceThresholds: z.array(z.number()).max(1000).optional(),
  runwayHours: z.number().nullable().optional(),
  summaryTime: z.string().max(100).optional(),
  dailySummary: z.boolean().optional(),
  weeklySummary: z.boolean().optional(),
  weeklyDay: z.string().max(100).optional(),
  // The contract names the limit `credits`; the engine calls it `limitCredits`.
  deploymentLimits: z
    .array(z.strictObject({ deploymentId: z.number(), credits: z.number(), windowHours: z.number() }))
    .max(10_000)
    .optional(),
}) satisfies z.ZodType<Partial<AlertSettingsDto>>;

/** Engine settings in the contract's shape. */
function settingsDto(s: AlertSettings): AlertSettingsDto {
  return { ...s, deploymentLimits: s.deploymentLimits.map((l) => ({ deploymentId: l.deploymentId, credits: l.limitCredits, windowHours: l.windowHours })) };
}

/** A contract patch in the engine's shape. */
function settingsPatchFromDto(p: Partial<AlertSettingsDto>): Partial<AlertSettings> {
  const { deploymentLimits, ...rest } = p;
  const out = { ...rest } as Partial<AlertSettings>;
  if (deploymentLimits)
    out.deploymentLimits = deploymentLimits.map((l) => ({ deploymentId: l.deploymentId, limitCredits: l.credits, windowHours: l.windowHours }));
  return out;
}

/** The in-app alert list, read marks and alert settings. */
export const alertHandlers: HandlerTable = {
  'alerts/list': handler('alerts/list', {
    schema: z.strictObject({
      unreadOnly: z.boolean().optional(),
      open: z.boolean().optional(),
      limit: z.int().min(1).max(MAX_LIST).optional(),
      beforeId: idSchema.optional(),
    }),
    async handle({ services }, input) {
      await services.engine.settle();
      const page = services.alerts.page({ unread: input.unreadOnly, open: input.open, limit: input.limit ?? 100, beforeId: input.beforeId });
      return { alerts: page.alerts.map(alertDto), unread: services.alerts.unreadCount(), nextBeforeId: page.nextBeforeId };
    },
  }),
  'alerts/markRead': handler('alerts/markRead', {
    schema: z.strictObject({ ids: z.array(idSchema).min(1).max(1000) }),
    mutates: true,
    handle({ services }, { ids }) {
      const marked = services.alerts.markRead(ids);
      return { unread: services.alerts.unreadCount(), marked };
    },
  }),
  'alerts/markAllRead': handler('alerts/markAllRead', {
    schema: emptyInput,
    mutates: true,
    handle({ services }) {
      const marked = services.alerts.markRead('all');
      return { unread: services.alerts.unreadCount(), marked };
    },
  }),
  'alerts/pending': handler('alerts/pending', {
    schema: emptyInput,
    async handle({ services }) {
      await services.engine.settle();
      return services.alerts.pendingDeliveries().map(alertDto);
    },
  }),
  'alerts/markDelivered': handler('alerts/markDelivered', {
    schema: z.strictObject({ ids: z.array(idSchema).max(1000) }),
    mutates: true,
    handle: ({ services }, { ids }) => ({ delivered: services.alerts.markDelivered(ids) }),
  }),
  'alerts/getSettings': handler('alerts/getSettings', {
    schema: emptyInput,
    handle: ({ services }) => settingsDto(services.alerts.settings()),
  }),
  'alerts/setSettings': handler('alerts/setSettings', {
    schema: settingsPatch,
    mutates: true,
    handle: async ({ services }, patch) => settingsDto(await services.alerts.updateSettings(settingsPatchFromDto(patch))),
  }),
  'alerts/confirmCatchUp': handler('alerts/confirmCatchUp', {
    schema: emptyInput,
    mutates: true,
    async handle({ services }) {
      const { confirmed, report } = await services.engine.confirmCatchUp();
      return {
        confirmed: confirmed && { from: iso(confirmed.from), to: iso(confirmed.to), days: confirmed.days, estimatedCredits: confirmed.estimatedCredits },
        chargedHours: report.charged.length,
        ...tickReply(services.engine, report),
      };
    },
  }),
};
