import { z } from 'zod';
import type { BulkReply, LifecycleReply } from '../../../preload/contract.js';
import type { LifecycleResult } from '../../core/deployments/deployment-lifecycle.js';
import type { Engine } from '../../core/engine.js';
import { isRefused } from '../../core/errors.js';
import { handler, type HandlerTable } from './handler-types.js';
import { emptyInput, idInput, modelShape } from './schemas.js';
import { deploymentDto } from './present.js';

// Names are checked by the core's one rule (core/names.ts), with its words; here only their type.
const newDeployment = z.strictObject({
  name: z.string(),
  model: z.string(),
  ...modelShape,
  tier: z.string().trim().min(1, 'an instance tier is required').max(8),
});

function lifecycleReply(engine: Engine, r: LifecycleResult): LifecycleReply {
  return { deployment: deploymentDto(engine, r.deployment), chargedCredits: r.chargedCredits, balance: engine.ledger.balance() };
}

/** Applies `act` to each id in turn; one refusal does not stop the others. */
async function bulk(engine: Engine, ids: number[], act: (id: number) => Promise<LifecycleResult>): Promise<BulkReply> {
  const reply: BulkReply = { changed: [], refused: [], balance: 0 };
  for (const id of ids) {
    try {
      reply.changed.push(deploymentDto(engine, (await act(id)).deployment));
    } catch (err) {
      if (!isRefused(err)) throw err;
      reply.refused.push({ id, code: err.code, message: err.message });
    }
  }
  reply.balance = engine.ledger.balance();
  return reply;
}

/** Deployment list, create, start / pause / resume / stop, pause all and resume all. */
export const deploymentHandlers: HandlerTable = {
  'deployments/list': handler('deployments/list', {
    schema: emptyInput,
    async handle({ services: { engine } }) {
      await engine.settle();
      return engine.deployments.list().map((d) => deploymentDto(engine, d));
    },
  }),
  'deployments/create': handler('deployments/create', {
    schema: newDeployment,
    mutates: true,
    async handle({ services: { engine } }, input) {
      return deploymentDto(engine, await engine.createDeployment({ ...input, tier: input.tier.toUpperCase() }));
    },
  }),
  'deployments/start': handler('deployments/start', {
    schema: idInput,
    mutates: true,
    handle: async ({ services: { engine } }, { id }) => lifecycleReply(engine, await engine.startDeployment(id)),
  }),
  'deployments/pause': handler('deployments/pause', {
    schema: idInput,
    mutates: true,
    handle: async ({ services: { engine } }, { id }) => lifecycleReply(engine, await engine.pauseDeployment(id)),
  }),
  'deployments/resume': handler('deployments/resume', {
    schema: idInput,
    mutates: true,
    handle: async ({ services: { engine } }, { id }) => lifecycleReply(engine, await engine.resumeDeployment(id)),
  }),
  'deployments/stop': handler('deployments/stop', {
    schema: idInput,
    mutates: true,
    handle: async ({ services: { engine } }, { id }) => lifecycleReply(engine, await engine.stopDeployment(id)),
  }),
  'deployments/pauseAll': handler('deployments/pauseAll', {
    schema: emptyInput,
    mutates: true,
    async handle({ services: { engine } }) {
      await engine.settle();
      const ids = engine.deployments.listByState('running').map((d) => d.id);
      return bulk(engine, ids, (id) => engine.pauseDeployment(id));
    },
  }),
  'deployments/resumeAll': handler('deployments/resumeAll', {
    schema: emptyInput,
    mutates: true,
    async handle({ services: { engine } }) {
      await engine.settle();
      const ids = engine.deployments.listByState('paused').map((d) => d.id);
      return bulk(engine, ids, (id) => engine.resumeDeployment(id));
    },
  }),
};
