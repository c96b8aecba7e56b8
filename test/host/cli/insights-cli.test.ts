import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/engine-fixture.js';
import { runCli } from '../../support/run-cli.js';

/** One data dir driven through the CLI as a new user would, each call at its own --now. */
function user() {
  const dir = tempDir();
  const run = (now: string, ...args: string[]) => runCli(['--data-dir', dir, '--now', now, '--json', ...args]);
  return { dir, run };
}

interface Status {
  balance: number;
  monthSpend: number;
  projectedMonth: number;
  burnPerHour: number;
  runway: { hours: number; at: string; firstToPause: { id: number; name: string } } | null;
}

describe('insights from the CLI', () => {
  it('status shows the projection and runway change as deployments start, get a schedule and pause', () => {
    const { run } = user();
    const t = '2026-04-28T10:00:00Z'; // a Tuesday; April ends Thursday night
    expect(run(t, 'coupon', 'create', 'HELLO', '--credits', '10000').code).toBe(0);
    expect(run(t, 'coupon', 'redeem', 'HELLO').code).toBe(0);
    expect(run(t, 'status').json).toMatchObject({ projectedMonth: 0, burnPerHour: 0, runway: null });
    run(t, 'deploy', 'create', '--name', 'llama-70b', '--model', 'llama-3-70b', '--params', '70', '--precision', 'fp16', '--tier', 'L');
    expect(run(t, 'deploy', 'start', '1').code).toBe(0);
    const running = run('2026-04-28T10:30:00Z', 'status').json as Status;
    // 10:00 charged; 11:00 … 23:00 on the 28th, then the 29th and 30th in full: 13 + 48 more hours.
    expect(running).toMatchObject({ balance: 9650, monthSpend: 350, projectedMonth: 350 * (1 + 13 + 48), burnPerHour: 350 });
    expect(running.runway).toEqual({ hours: 27.5, at: '2026-04-29T14:00:00.000Z', firstToPause: { id: 1, name: 'llama-70b' } });

    const sched = run('2026-04-28T10:30:00Z', 'schedule', 'set', '1', '--pause', '20:00-08:00', '--days', 'mon-fri', '--tz', 'UTC');
    expect(sched.code).toBe(0);
    expect(sched.json).toMatchObject({ deploymentId: 1, timeZone: 'UTC', nextEdge: { at: '2026-04-28T20:00:00.000Z', kind: 'pause' } });
    const scheduled = run('2026-04-28T10:30:00Z', 'status').json as Status;
    // 11:00–19:00 today (9), 08:00–19:00 on the 29th and 30th (12 each).
    expect(scheduled.projectedMonth).toBe(350 * (1 + 9 + 24));
    // 9,650 pays 9 hours today (→ 6,500), 12 on the 29th (→ 2,300), 6 on the 30th (→ 200): 14:00 fails.
    expect(scheduled.runway!.at).toBe('2026-04-30T14:00:00.000Z');

    expect(run('2026-04-28T10:40:00Z', 'deploy', 'pause', '1').code).toBe(0);
    expect(run('2026-04-28T10:40:00Z', 'status').json).toMatchObject({ projectedMonth: 350, burnPerHour: 0, runway: null });
    expect(run('2026-04-28T10:40:00Z', 'schedule', 'clear', '1').json).toMatchObject({ removed: true, resumed: false, state: 'paused' });
  });

  it('analysis and suggestions have the documented shapes', () => {
    const { run } = user();
    const t = '2026-03-02T09:00:00Z';
    run(t, 'coupon', 'create', 'C', '--credits', '50000');
    run(t, 'coupon', 'redeem', 'C');
    run(t, 'deploy', 'create', '--name', 'small', '--model', 'mistral-7b', '--params', '7', '--precision', 'fp16', '--tier', 'L');
    run(t, 'deploy', 'start', '1');
    const a = run('2026-03-03T09:30:00Z', 'analysis', '--days', '7');
    expect(a.code).toBe(0);
    const body = a.json as {
      days: { date: string; total: number; byDeployment: Record<string, number> }[];
      total: number;
      previousTotal: number;
      top: unknown[];
    };
    expect(body.days).toHaveLength(7);
    expect(body.days.at(-2)).toEqual({ date: '2026-03-02', total: 15 * 350, byDeployment: { '1': 15 * 350 } });
    expect(body.total).toBe(25 * 350);
    expect(body.previousTotal).toBe(0);
    expect(body.top).toHaveLength(1);
    const sug = run('2026-03-03T09:30:00Z', 'suggestions').json as { kind: string; deploymentId: number; monthlySavingCredits: number; action: unknown }[];
    expect(sug[0]).toEqual(
      expect.objectContaining({ kind: 'right-size', deploymentId: 1, monthlySavingCredits: 290 * 720, action: { type: 'set-tier', tier: 'S' } }),
    );
  });

  it.each([
    [['analysis', '--days', '10'], /7, 14 or 30/],
    [['schedule', 'set', '1', '--pause', '8-20'], /HH:MM-HH:MM/],
    [['schedule', 'set', '1', '--pause', '20:00-08:00', '--tz', 'Mars/Olympus'], /time zone/],
    [['schedule', 'set', '99', '--pause', '20:00-08:00'], /no deployment/],
    [['alerts', 'settings', '--summary-time', '9am'], /HH:MM/],
    [['usage', 'import', '/nonexistent/usage.csv'], /cannot read/],
  ])('%j is refused with exit 2 and one line', (args, why) => {
    const { run } = user();
    run('2026-03-02T09:00:00Z', 'deploy', 'create', '--name', 'x', '--model', 'm', '--params', '7', '--precision', 'fp16', '--tier', 'S');
    const r = run('2026-03-02T09:00:00Z', ...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(why);
  });

  it('usage import reports rejected rows; alerts list --unread shows what fired', () => {
    const { dir, run } = user();
    const t = '2026-03-02T09:00:00Z';
    run(t, 'deploy', 'create', '--name', 'x', '--model', 'm', '--params', '7', '--precision', 'fp16', '--tier', 'S');
    const file = path.join(dir, 'usage.csv');
    fs.writeFileSync(file, 'deploymentId,hour,requests\n1,2026-03-02T08:00:00Z,10\n7,2026-03-02T08:00:00Z,5\n1,2026-03-02T08:00:00Z,abc\n');
    const imp = run(t, 'usage', 'import', file);
    expect(imp.json).toEqual({
      rows: 3,
      imported: 1,
      hours: 1,
      rejected: [
        { row: 3, reason: "unknown deployment '7'" },
        { row: 4, reason: "requests 'abc' is not a whole number of requests" },
      ],
    });
    run(t, 'coupon', 'create', 'C', '--credits', '600');
    run(t, 'coupon', 'redeem', 'C');
    run(t, 'deploy', 'start', '1');
    const alerts = run('2026-03-02T12:30:00Z', 'alerts', 'list', '--unread').json as { kind: string; message: string }[];
    // 600 credits on GPU S: 540 after the first hour (runway 10 h < 24 h), 480 at 10:00 (below 500).
    expect(alerts.map((a) => a.kind).sort()).toEqual(['low_balance', 'runway_low']);
    expect(alerts.find((a) => a.kind === 'low_balance')!.message).toBe('Balance below 500 credits — 480 left (≈ 8 h at current burn).');
    expect(run('2026-03-02T12:30:00Z', 'alerts', 'read', '--all').json).toEqual({ marked: 2, unread: 0 });
    expect(run('2026-03-02T12:30:00Z', 'alerts', 'settings', '--low-balance', '2000,500', '--limit', '1:500/6').json).toMatchObject({
      lowBalanceThresholds: [2000, 500],
      deploymentLimits: [{ deploymentId: 1, limitCredits: 500, windowHours: 6 }],
    });
  });
});
