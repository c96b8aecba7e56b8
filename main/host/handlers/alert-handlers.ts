import { z } from 'zod';
import type { AlertSettings as AlertSettingsDto } from '../../../preload/contract.js';
import { type AlertSettings, alertSettingsSchema } from '../../core/alerts/alert-settings.js';
import { iso } from '../../core/calendar.js';
import { alertDto } from './alert-present.js';
import { tickReply } from './billing-handlers.js';
import { handler, type HandlerTable } from './handler-types.js';
import { emptyInput, idSchema } from './schemas.js';

const MAX_LIST = 500;

/**
 * A settings patch: the engine's own field rules, each optional and without
 * its default — a default here would silently reset fields the patch omits.
 */
const settingsPatch = z.strictObject({
  ...Object.fromEntries(
    Object.entries(alertSettingsSchema.shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? field.unwrap() : field).optional()]),
  ),
  // The contract names the limit `credits`; the engine calls it `limitCredits`.
  deploymentLimits: z
    .array(
      z.strictObject({
        deploymentId: idSchema,
        credits: z.int().min(1).max(1_000_000_000),
        windowHours: z
          .int()
          .min(1)
          .max(24 * 31),
      }),
    )
    .max(500)
    .optional(),
}) as unknown as z.ZodType<Partial<AlertSettingsDto>>;

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
    schema: z.strictObject({ unreadOnly: z.boolean().optional(), limit: z.int().min(1).max(MAX_LIST).optional(), beforeId: idSchema.optional() }),
    async handle({ services }, input) {
      await services.engine.settle();
      const page = services.alerts.page({ unread: input.unreadOnly, limit: input.limit ?? 100, beforeId: input.beforeId });
      return { alerts: page.alerts.map(alertDto), unread: services.alerts.unreadCount(), nextBeforeId: page.nextBeforeId };
    },
  }),
  'alerts/markRead': handler('alerts/markRead', {
    schema: z.strictObject({ ids: z.array(idSchema).min(1).max(1000) }),
    mutates: true,
    handle({ services }, { ids }) {
      services.alerts.markRead(ids);
      return { unread: services.alerts.unreadCount() };
    },
  }),
  'alerts/markAllRead': handler('alerts/markAllRead', {
    schema: emptyInput,
    mutates: true,
    handle({ services }) {
      services.alerts.markRead('all');
      return { unread: services.alerts.unreadCount() };
    },
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
