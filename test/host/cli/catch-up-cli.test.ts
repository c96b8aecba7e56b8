import fs from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../support/run-cli.js';
import { tempDir } from '../../support/engine-fixture.js';

vi.setConfig({ testTimeout: 180_000 });

const T = '2026-03-02T09:00:00Z';
const LATER = '2026-07-01T10:00:00Z'; // 121 days after the second hour fell due
const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

const cli = (dir: string, now: string, args: string[]) => runCli(['--data-dir', dir, '--now', now, '--json', ...args]);

describe('burnrate tick --confirm-catch-up (SPEC: Clock — a clock that jumped)', () => {
  it('a catch-up over 90 days is refused with what it would cost, alerts once, and charges only after --confirm-catch-up', () => {
    const dir = tempDir();
    made.push(dir);
    expect(cli(dir, T, ['coupon', 'create', 'SEED', '--credits', '1000000']).code).toBe(0);
    expect(cli(dir, T, ['coupon', 'redeem', 'SEED']).code).toBe(0);
    expect(cli(dir, T, ['deploy', 'create', '--name', 'small', '--model', 'llama-3-8b', '--params', '8', '--precision', 'fp16', '--tier', 'S']).code).toBe(0);
    expect(cli(dir, T, ['deploy', 'start', '1']).code).toBe(0);

    const held = cli(dir, LATER, ['tick']);
    expect(held.code).toBe(2);
    expect(held.stderr).toMatch(
      /^burnrate: The clock is 121 days past the last settled hour: nothing was charged\. Catching up would charge about 174,240 credits/,
    );
    expect(held.stderr).toContain(
      'Confirm it if the time is right (`burnrate tick --confirm-catch-up`, or Confirm catch-up on the alert); otherwise fix the clock.',
    );
    expect(held.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli(dir, LATER, ['ledger', '--kind', 'charge']).json).toHaveLength(1);
    const alerts = cli(dir, LATER, ['alerts', 'list']).json as { kind: string; data: Record<string, unknown> }[];
    expect(alerts.filter((a) => a.kind === 'catch_up_confirm').map((a) => a.data)).toEqual([
      { from: Date.parse('2026-03-02T10:00:00Z'), to: Date.parse(LATER), days: 121, estimatedCredits: 174_240 },
    ]);
    expect(cli(dir, LATER, ['deploy', 'pause', '1']).code).toBe(2);

    const confirmed = cli(dir, LATER, ['tick', '--confirm-catch-up']);
    expect(confirmed.code).toBe(0);
    const out = confirmed.json as { charged: unknown[]; chargedCredits: number; confirmedCatchUp: { days: number; from: string } };
    expect(out.confirmedCatchUp).toMatchObject({ days: 121, from: '2026-03-02T10:00:00.000Z' });
    expect(out.charged).toHaveLength(2904);
    expect(out.chargedCredits).toBe(174_240);
    expect(cli(dir, LATER, ['tick']).code).toBe(0);

    // Answered, the alert is history: `alerts list` keeps it (same fields as before), `--open` leaves it out.
    type Row = { id: number; kind: string };
    const all = cli(dir, LATER, ['alerts', 'list', '--limit', '10000']).json as Row[];
    expect(all.length).toBeGreaterThan(100); // a daily summary for each day of the catch-up
    expect(all.map((a) => a.kind)).toContain('catch_up_confirm');
    expect(Object.keys(all[0]!)).not.toContain('resolvedAt');
    expect((cli(dir, LATER, ['alerts', 'list', '--open']).json as Row[]).map((a) => a.kind)).not.toContain('catch_up_confirm');
    // Paging: 50 at a time, each page after the last id of the previous one, until the list ends.
    const paged: number[] = [];
    for (let before: number | null = null, i = 0; i < 10; i++) {
      const page = cli(dir, LATER, ['alerts', 'list', '--limit', '50', ...(before === null ? [] : ['--before-id', String(before)])]).json as Row[];
      if (page.length === 0) break;
      paged.push(...page.map((a) => a.id));
      before = page.at(-1)!.id;
    }
    expect(paged).toEqual(all.map((a) => a.id));
    expect(cli(dir, LATER, ['alerts', 'list', '--before-id', '999999']).code).toBe(2);
  });
});
