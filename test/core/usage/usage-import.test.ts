import { afterEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../main/core/services.js';
import { importUsage } from '../../../main/core/usage/usage-import.js';
import { usageHours } from '../../../main/core/usage/usage-queries.js';
import { memoryServices } from '../schedules/services-fixture.js';

let open: Services | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function setup() {
  const { s } = await memoryServices('2026-03-02T12:00:00Z');
  open = s;
  const d = await s.engine.createDeployment({ name: 'chat', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' });
  return { s, id: d.id };
}

describe('usage import', () => {
  it('CSV rows by id or name land in their UTC hour; rows for one hour in one file add up', async () => {
    const { s, id } = await setup();
    const csv = 'deploymentId,hour,requests\n1,2026-03-02T09:00:00Z,120\nchat,2026-03-02T10:15:00Z,30\n1,2026-03-02T10:45:00Z,12\n';
    const r = await importUsage(s.engine, csv, 'usage.csv');
    expect(r).toEqual({ rows: 3, imported: 3, hours: 2, rejected: [] });
    expect(usageHours(s.engine.db, id, 0, Date.parse('2026-03-03T00:00:00Z'))).toEqual([
      { hourStart: Date.parse('2026-03-02T09:00:00Z'), requests: 120 },
      { hourStart: Date.parse('2026-03-02T10:00:00Z'), requests: 42 },
    ]);
  });

  it.each([
    [{ deploymentId: 9, hour: '2026-03-02T09:00:00Z', requests: 1 }, /unknown deployment/],
    [{ deploymentId: 1, hour: 'yesterday', requests: 1 }, /not an ISO-8601 instant/],
    [{ deploymentId: 1, hour: '2026-03-02', requests: 1 }, /not an ISO-8601 instant/],
    [{ deploymentId: 1, hour: '2026-03-03T09:00:00Z', requests: 1 }, /in the future/],
    [{ deploymentId: 1, hour: '2026-03-02T09:00:00Z', requests: -4 }, /whole number/],
    [{ deploymentId: 1, hour: '2026-03-02T09:00:00Z', requests: 1.5 }, /whole number/],
    [{ deploymentId: 1, hour: '2026-03-02T09:00:00Z', requests: '1e3' }, /whole number/],
    [{ hour: '2026-03-02T09:00:00Z', requests: 1 }, /no deployment/],
  ])('JSON row %j is rejected with its reason, the others are imported', async (bad, reason) => {
    const { s } = await setup();
    const rows = [{ deploymentId: 1, hour: '2026-03-02T08:00:00Z', requests: 5 }, bad];
    const r = await importUsage(s.engine, JSON.stringify(rows), 'usage.json');
    expect(r.imported).toBe(1);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]!.row).toBe(2);
    expect(r.rejected[0]!.reason).toMatch(reason);
  });

  it.each([
    ['plain lines', 'deploymentId,hour,requests\n1,2026-03-02T09:00:00Z,5\n1,bad,5\n', 3],
    ['blank lines before it', 'deploymentId,hour,requests\n\n1,2026-03-02T09:00:00Z,5\n\n\n1,bad,5\n', 6],
    ['blank lines at the top of the file', '\n\ndeploymentId,hour,requests\n1,bad,5\n', 4],
  ])('a rejected CSV row names its line in the file (%s)', async (_what, csv, line) => {
    const { s } = await setup();
    const r = await importUsage(s.engine, csv, 'usage.csv');
    expect(r.rejected.map((x) => x.row)).toEqual([line]);
  });

  it.each([
    ['', /empty/],
    ['{"rows": 5}', /array/],
    ['[not json', /not valid JSON/],
  ])('file %j is refused as a whole', async (text, why) => {
    const { s } = await setup();
    await expect(importUsage(s.engine, text, 'u.json')).rejects.toThrow(why);
  });

  it('importing the same file twice stores the same counts', async () => {
    const { s, id } = await setup();
    const csv = 'deployment_id,hour_start,requests\n1,2026-03-02T09:00:00Z,7\n';
    await importUsage(s.engine, csv);
    await importUsage(s.engine, csv);
    expect(usageHours(s.engine.db, id, 0, Date.parse('2026-03-03T00:00:00Z'))).toEqual([{ hourStart: Date.parse('2026-03-02T09:00:00Z'), requests: 7 }]);
  });
});
