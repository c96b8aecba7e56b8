import { z } from 'zod';
import { RefusedError } from '../../core/errors.js';
import { handler, type HandlerTable } from './handler-types.js';
import { analysisDto, scheduleDto, suggestionDto, windowsFromDto } from './insights-present.js';
import { emptyInput, idSchema } from './schemas.js';

const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time of day as HH:MM');
const scheduleWindow = z.strictObject({ day: z.int().min(0).max(6), start: hhmm, end: hhmm });

/** Cost analysis, suggestions and pause schedules. */
export const insightsHandlers: HandlerTable = {
  'insights/analysis': handler('insights/analysis', {
    schema: z.strictObject({ days: z.union([z.literal(7), z.literal(14), z.literal(30)]) }),
    async handle({ services }, { days }) {
      await services.engine.settle();
      return analysisDto(services.insights.analysis(days));
    },
  }),
  'insights/suggestions': handler('insights/suggestions', {
    schema: emptyInput,
    async handle({ services }) {
      await services.engine.settle();
      return services.insights.suggestions().map(suggestionDto);
    },
  }),
  'insights/applySuggestion': handler('insights/applySuggestion', {
    schema: z.strictObject({ id: z.string().regex(/^[a-z_-]+:\d+$/, 'a suggestion id like right_size:3') }),
    mutates: true,
    async handle({ services }, { id }) {
      const [kind, dep] = id.split(':') as [string, string];
      const s = await services.insights.applySuggestion(kind.replace(/_/g, '-'), Number(dep));
      return { applied: true, message: `Applied: ${s.title}`, suggestion: suggestionDto(s) };
    },
  }),
  'schedules/list': handler('schedules/list', {
    schema: emptyInput,
    async handle({ services }) {
      // Settled first, so each next edge is the one still ahead.
      await services.engine.settle();
      return services.schedules.list().map((s) => scheduleDto(services.engine, s));
    },
  }),
  'schedules/set': handler('schedules/set', {
    schema: z.strictObject({
      deploymentId: idSchema,
      windows: z
        .array(scheduleWindow)
        .min(1)
        .max(7 * 8),
      // The zone's rule (invalid_time_zone) is the core's: any text reaches it.
      timeZone: z.string().optional(),
      add: z.boolean().optional(),
    }),
    mutates: true,
    async handle({ services }, input) {
      const s = await services.schedules.set(input.deploymentId, { windows: windowsFromDto(input.windows), timeZone: input.timeZone, add: input.add });
      return scheduleDto(services.engine, s);
    },
  }),
  'schedules/clear': handler('schedules/clear', {
    schema: z.strictObject({ deploymentId: idSchema }),
    mutates: true,
    async handle({ services }, { deploymentId }) {
      const r = await services.schedules.clear(deploymentId);
      if (!r.removed) throw new RefusedError('no_schedule', `deployment ${deploymentId} has no pause schedule`);
      return services.schedules.list().map((s) => scheduleDto(services.engine, s));
    },
  }),
  'schedules/remove': handler('schedules/remove', {
    schema: z.strictObject({ deploymentId: idSchema }),
    mutates: true,
    async handle({ services }, { deploymentId }) {
      const r = await services.schedules.clear(deploymentId);
      return { deploymentId, removed: r.removed, resumed: r.resumed };
    },
  }),
};
