import { z } from 'zod';
import {
  autoResumeEnabled,
  desktopFlags,
  setAutoResume,
  setDesktopFlags,
  checkTimeZone,
  setUserTimeZone,
  userTimeZone,
} from '../../core/settings/engine-settings.js';
import type { AppSettings } from '../../../preload/contract.js';
import type { Engine } from '../../core/engine.js';
import { handler, type HandlerTable } from './handler-types.js';
import { modelSizing } from './model-sizing-present.js';
import { emptyInput, modelShape } from './schemas.js';
import { buildSnapshot } from './snapshot.js';

function readSettings(engine: Engine): AppSettings {
  const s = engine.settings;
  return { timeZone: userTimeZone(s), autoResume: autoResumeEnabled(s), ...desktopFlags(s) };
}

/** App info, the snapshot, app settings and the instance catalog. */
export const appHandlers: HandlerTable = {
  'app/info': handler('app/info', {
    schema: emptyInput,
    handle: (ctx) => ({
      version: ctx.version,
      transport: ctx.transport,
      testControls: ctx.testControls,
      platform: process.platform,
      dataDir: ctx.services.dataDir,
      ...(ctx.host.desktopAbilities ? { desktop: ctx.host.desktopAbilities() } : {}),
    }),
  }),
  'snapshot/get': handler('snapshot/get', {
    schema: emptyInput,
    async handle(ctx) {
      await ctx.services.engine.settle();
      return buildSnapshot(ctx.services);
    },
  }),
  'catalog/tiers': handler('catalog/tiers', {
    schema: emptyInput,
    handle: (ctx) => ctx.services.engine.catalog.list(ctx.services.engine.now()),
  }),
  'catalog/sizing': handler('catalog/sizing', {
    schema: z.strictObject(modelShape),
    handle: (ctx, { paramsB, precision }) => modelSizing(paramsB, precision, ctx.services.engine.catalog.list(ctx.services.engine.now())),
  }),
  'catalog/setPrice': handler('catalog/setPrice', {
    // Price, name and memory are checked by the catalog (`invalid_price`, `invalid_tier`), with its words.
    schema: z.strictObject({ tier: z.string().max(100), credits: z.number(), name: z.string().max(1000).optional(), memoryGb: z.number().optional() }),
    mutates: true,
    async handle(ctx, { tier, credits, name, memoryGb }) {
      const engine = ctx.services.engine;
      const code = tier.trim().toUpperCase();
      const create = name !== undefined && memoryGb !== undefined ? { name, memoryGb } : undefined;
      await engine.act((now) => engine.catalog.setPrice(code, credits, now, create));
      return engine.catalog.get(code, engine.now());
    },
  }),
  'settings/get': handler('settings/get', {
    schema: emptyInput,
    handle: (ctx) => readSettings(ctx.services.engine),
  }),
  'settings/update': handler('settings/update', {
    schema: z.strictObject({
      // Checked below by the core's rule (`invalid_time_zone`), with its words, before anything is written.
      timeZone: z.string().max(200).optional(),
      autoResume: z.boolean().optional(),
      closeToTray: z.boolean().optional(),
      launchAtLogin: z.boolean().optional(),
    }),
    mutates: true,
    async handle(ctx, input) {
      const engine = ctx.services.engine;
      const s = engine.settings;
      if (input.timeZone !== undefined) checkTimeZone(input.timeZone);
      // Every key is validated by the schema above before any is written. What fell due is
      // settled first, under the old zone and auto-resume, then all are written in one transaction.
      await engine.act(() => {
        if (input.timeZone !== undefined) setUserTimeZone(s, input.timeZone);
        if (input.autoResume !== undefined) setAutoResume(s, input.autoResume);
        setDesktopFlags(s, input);
      });
      return readSettings(engine);
    },
  }),
};
