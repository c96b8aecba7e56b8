import { afterEach, beforeEach } from 'vitest';
import { SimulatedClock } from '../../main/core/clock.js';
import { openServices } from '../../main/compose/local-services.js';
import type { Services } from '../../main/core/services.js';
import { dispatch } from '../../main/host/handlers/dispatch.js';
import { createHandlerTable } from '../../main/host/handlers/handler-table.js';
import type { HandlerContext } from '../../main/host/handlers/handler-types.js';

/** What a dispatched request answers. */
export type Reply = Awaited<ReturnType<typeof dispatch>>['reply'];

/** The handler table shared by handler tests. */
export const handlerTable = createHandlerTable();

/**
 * Opens fresh in-memory services with a simulated clock before each test of
 * the calling file and closes them after; read them through the getters.
 */
export function useHandlerServices(start = '2025-03-03T09:00:00Z'): {
  services(): Services;
  ctx(): HandlerContext;
  call(channel: string, input: unknown): Promise<Reply>;
} {
  let services: Services;
  let ctx: HandlerContext;
  beforeEach(async () => {
    services = await openServices({ dataDir: ':memory:', clock: new SimulatedClock(Date.parse(start)) });
    ctx = { services, transport: 'web', testControls: false, version: '0.0.0-test', host: {} };
  });
  afterEach(async () => services.close());
  return {
    services: () => services,
    ctx: () => ctx,
    call: async (channel, input) => (await dispatch(handlerTable, ctx, channel, input)).reply,
  };
}
