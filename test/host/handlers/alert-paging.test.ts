import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS, SimulatedClock } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { dispatch } from '../../../main/host/handlers/dispatch.js';
import { createHandlerTable } from '../../../main/host/handlers/handler-table.js';
import type { HandlerContext } from '../../../main/host/handlers/handler-types.js';
import type { AlertList } from '../../../preload/contract.js';

const T0 = Date.parse('2025-03-03T09:00:00Z');
const table = createHandlerTable();
let services: Services;
let ctx: HandlerContext;

beforeEach(async () => {
  services = await openServices({ dataDir: ':memory:', clock: new SimulatedClock(T0), env: {} });
  ctx = { services, transport: 'web', testControls: false, version: '0.0.0-test', host: {} };
});
afterEach(async () => services.close());

async function page(input: Record<string, unknown>): Promise<AlertList> {
  const r = (await dispatch(table, ctx, 'alerts/list', input)).reply;
  if ('error' in r) throw new Error(r.error.message);
  return r.result as AlertList;
}

/** Records alerts whose times are NOT in id order (a catch-up records past hours after newer ones). */
function raiseOutOfOrder(hoursAgo: number[]): void {
  hoursAgo.forEach((h, i) =>
    services.alerts.raise({
      kind: 'low_balance',
      severity: 'info',
      title: `alert ${i}`,
      message: `${h} h ago`,
      dedupeKey: `paging-${i}`,
      at: T0 - h * HOUR_MS,
    }),
  );
}

/** Every page in turn, following nextBeforeId. */
async function allPages(limit: number, extra: Record<string, unknown> = {}): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let beforeId: number | undefined;
  let pages = 0;
  do {
    const p = await page({ limit, ...extra, ...(beforeId === undefined ? {} : { beforeId }) });
    ids.push(...p.alerts.map((a) => a.id));
    beforeId = p.nextBeforeId ?? undefined;
    pages += 1;
  } while (beforeId !== undefined && pages < 50);
  return { ids, pages };
}

describe('alerts/list paging follows the list order (at, id), newest first', () => {
  it.each([[1], [2], [3], [7], [100]])('pages of %i: each alert exactly once, in order', async (limit) => {
    raiseOutOfOrder([5, 1, 9, 3, 3, 0, 7]);
    const expected = (await page({ limit: 500 })).alerts.map((a) => a.id);
    expect(expected).toHaveLength(7);
    const { ids, pages } = await allPages(limit);
    expect(ids).toEqual(expected);
    expect(pages).toBe(Math.max(1, Math.ceil(7 / limit)));
  });

  it('the first page is the newest by time, not by id', async () => {
    raiseOutOfOrder([5, 1, 9, 0]);
    expect((await page({ limit: 2 })).alerts.map((a) => a.message)).toEqual(['0 h ago', '1 h ago']);
  });

  it('unread paging keeps going when the cursor alert was read in between', async () => {
    raiseOutOfOrder([4, 2, 6, 1, 3]);
    const first = await page({ limit: 2, unreadOnly: true });
    services.alerts.markRead(first.alerts.map((a) => a.id));
    const second = await page({ limit: 2, unreadOnly: true, beforeId: first.nextBeforeId! });
    expect(second.alerts.map((a) => a.message)).toEqual(['3 h ago', '4 h ago']);
  });

  it('refuses a cursor that names no alert', async () => {
    raiseOutOfOrder([1]);
    expect((await dispatch(table, ctx, 'alerts/list', { beforeId: 999 })).reply).toMatchObject({ error: { code: 'unknown_alert' } });
  });
});
