import { z } from 'zod';
import type { BulkReply, LifecycleReply } from '../../../preload/contract.js';
import type { LifecycleResult } from '../../core/deployments/deployment-lifecycle.js';
import { runBulk, bulkTargets, type BulkAction } from '../../core/deployments/bulk-actions.js';
import type { Engine } from '../../core/engine.js';
import { handler, type HandlerTable } from './handler-types.js';
import { emptyInput, idInput, modelShape } from './schemas.js';
import { deploymentDto } from './present.js';

// Names are checked by the core's one rule (core/names.ts), with its words; here only their type.
const newDeployment = z.strictObject({
  name: z.string(),
  model: z.string(),
  ...modelShape,
  // The tier is checked by the core too (`unknown_tier`, "an instance tier is required"): here only its type and a bound.
  tier: z.string().max(100),
});

function lifecycleReply(engine: Engine, r: LifecycleResult): LifecycleReply {
  return { deployment: deploymentDto(engine, r.deployment), chargedCredits: r.chargedCredits, balance: engine.ledger.balance() };
}

/** Pause all / resume all: the core's one rule (core/deployments/bulk-actions.ts), as the contract's reply. */
async function bulk(engine: Engine, action: BulkAction, ids: number[] | undefined): Promise<BulkReply> {
  const r = await runBulk(engine, action, ids);
  return { changed: r.changed.map((d) => deploymentDto(engine, d)), refused: r.refused, balance: engine.ledger.balance() };
}

const bulkInput = z.strictObject({ ids: z.array(z.int().positive()).max(10_000).optional() });

/** Deployment list, create, start / pause / resume / stop, pause all and resume all. */
export const deploymentHandlers: HandlerTable = {
  'deployments/list': handler('deployments/list', {
    schema: emptyInput,
    async handle({ services: { engine } }) {
      await engine.settle();
      return engine.deployments.list().map((d) => deploymentDto(engine, d));
    },
  }),
  'deployments/get': handler('deployments/get', {
    schema: idInput,
    async handle({ services: { engine } }, { id }) {
      await engine.settle();
      return deploymentDto(engine, engine.deployments.get(id));
    },
  }),
  'deployments/create': handler('deployments/create', {
    schema: newDeployment,
    mutates: true,
    async handle({ services: { engine } }, input) {
      return deploymentDto(engine, await engine.createDeployment({ ...input, tier: input.tier.trim().toUpperCase() }));
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
    schema: bulkInput,
    mutates: true,
    handle: ({ services: { engine } }, { ids }) => bulk(engine, 'pause', ids),
  }),
  'deployments/resumeAll': handler('deployments/resumeAll', {
    schema: bulkInput,
    mutates: true,
    handle: ({ services: { engine } }, { ids }) => bulk(engine, 'resume', ids),
  }),
  'deployments/bulkTargets': handler('deployments/bulkTargets', {
    schema: z.strictObject({ action: z.enum(['pause', 'resume']) }),
    async handle({ services: { engine } }, { action }) {
      await engine.settle();
      return bulkTargets(engine, action).map((d) => deploymentDto(engine, d));
    },
  }),
};
