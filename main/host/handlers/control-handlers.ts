import { z } from 'zod';
import type { ControlView } from '../../../preload/contract.js';
import type { Services } from '../../core/services.js';
import { IDLE_MINUTES } from '../../core/control/idle-pause.js';
import { controlViewDto } from '../control-present.js';
import { handler, type HandlerTable } from './handler-types.js';
import { idInput, idSchema } from './schemas.js';

const url = z.string().trim().min(1).max(2048);
const verifyUrl = url.nullable();

const setControl = z.discriminatedUnion('kind', [
  z.strictObject({
    id: idSchema,
    kind: z.literal('command'),
    command: z.string().trim().min(1).max(4096),
    args: z.array(z.string().max(1000)).max(32),
    verifyUrl,
  }),
  z.strictObject({ id: idSchema, kind: z.literal('webhook'), url, secret: z.string().trim().min(1).max(200), verifyUrl }),
]);

/** A deployment's control and history as the UI shows it: never the webhook secret. */
function view(services: Services, id: number): ControlView {
  return controlViewDto(services.control.view(id, 50), services.idle.after(id));
}

/** Deployment control: attach a command or webhook, see its history, test it; idle auto-pause. */
export const controlHandlers: HandlerTable = {
  'control/get': handler('control/get', {
    schema: idInput,
    async handle({ services }, { id }) {
      await services.engine.settle();
      return view(services, id);
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
      await services.control.clear(id);
      return view(services, id);
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
