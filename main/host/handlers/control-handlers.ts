import { z } from 'zod';
import type { ControlView } from '../../../preload/contract.js';
import type { Services } from '../../core/services.js';
import { IDLE_MINUTES } from '../../core/control/idle-pause.js';
import { controlViewDto } from '../control-present.js';
import { handler, type HandlerTable } from './handler-types.js';
import { idInput, idSchema } from './schemas.js';

// Only types and bounds here: the core's one rule (core/control/validate-control.ts) refuses with its own codes
// (`invalid_command`, `invalid_url`, `invalid_secret`) and words, whichever host sent the request.
const text = z.string().max(10_000);
const verifyUrl = text.nullable();

const setControl = z.discriminatedUnion('kind', [
  z.strictObject({ id: idSchema, kind: z.literal('command'), command: text, args: z.array(text).max(1000), verifyUrl }),
  z.strictObject({ id: idSchema, kind: z.literal('webhook'), url: text, secret: text, verifyUrl }),
]);

/** A deployment's control and its newest `limit` actions as the contract shows them: never the webhook secret. */
function view(services: Services, id: number, limit = 50): ControlView {
  return controlViewDto(services.control.view(id, limit), services.idle.after(id));
}

/** Deployment control: attach a command or webhook, see its history, test it; idle auto-pause. */
export const controlHandlers: HandlerTable = {
  'control/get': handler('control/get', {
    schema: z.strictObject({ id: idSchema, limit: z.int().min(0).max(1000).optional() }),
    async handle({ services }, { id, limit }) {
      await services.engine.settle();
      return view(services, id, limit);
    },
  }),
  'control/set': handler('control/set', {
    schema: setControl,
    mutates: true,
    async handle({ services }, input) {
      await services.control.set(
        input.id,
        input.kind === 'command'
          ? { kind: 'command', command: input.command, args: input.args, verifyUrl: input.verifyUrl }
          : { kind: 'webhook', url: input.url, secret: input.secret, verifyUrl: input.verifyUrl },
      );
      return view(services, input.id);
    },
  }),
  'control/clear': handler('control/clear', {
    schema: idInput,
    mutates: true,
    async handle({ services }, { id }) {
      const removed = await services.control.clear(id);
      return { ...view(services, id), removed };
    },
  }),
  'control/test': handler('control/test', {
    schema: idInput,
    async handle({ services }, { id }) {
      const r = await services.control.test(id);
      return { ok: r.result.ok, detail: r.result.detail, probe: r.probe };
    },
  }),
  'control/setIdle': handler('control/setIdle', {
    schema: z.strictObject({ id: idSchema, afterMinutes: z.int().min(IDLE_MINUTES.min).max(IDLE_MINUTES.max).nullable() }),
    mutates: true,
    async handle({ services }, { id, afterMinutes }) {
      await services.idle.set(id, afterMinutes);
      return view(services, id);
    },
  }),
};
