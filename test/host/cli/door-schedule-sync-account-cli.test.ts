import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/engine-fixture.js';
import { runCli } from '../../support/run-cli.js';

/** One data folder driven through the CLI, each call at its own --now; `json` false gives the text. */
function user() {
  const dir = tempDir();
  const run = (now: string, ...args: string[]) => runCli(['--data-dir', dir, '--now', now, ...args]);
  const json = (now: string, ...args: string[]) => run(now, '--json', ...args);
  return { dir, run, json };
}

const T = '2026-04-28T10:30:00Z'; // a Tuesday

function withDeployment() {
  const u = user();
  u.json(T, 'deploy', 'create', '--name', 'llama', '--model', 'llama-3-8b', '--params', '8', '--precision', 'fp16', '--tier', 'S');
  return u;
}

/** Output printed in this exact key order (the CLI's JSON is its contract, issue 11: the door changes nothing). */
function keys(v: unknown): string[] {
  return Object.keys(v as object);
}

describe('schedule, sync and account through the door print what they printed before', () => {
  it('schedule set: the stored windows, zone, next edge and the deployment state, in JSON and text', () => {
    const { json, run } = withDeployment();
    const set = json(T, 'schedule', 'set', '1', '--pause', '20:00-08:00', '--days', 'mon-fri', '--tz', 'UTC');
    expect(set.code).toBe(0);
    expect(set.json).toEqual({
      deploymentId: 1,
      timeZone: 'UTC',
      windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '20:00', end: '08:00' }],
      nextEdge: { at: '2026-04-28T20:00:00.000Z', kind: 'pause' },
      state: 'created',
      pausedReason: null,
    });
    expect(keys(set.json)).toEqual(['deploymentId', 'timeZone', 'windows', 'nextEdge', 'state', 'pausedReason']);
    const text = run(T, 'schedule', 'set', '1', '--pause', '12:00-13:00', '--days', 'sat', '--add');
    expect(text.stdout).toBe('Deployment 1 pauses mon,tue,wed,thu,fri 20:00–08:00 and sat 12:00–13:00 (UTC); next: pause at 2026-04-28T20:00:00.000Z.\n');
  });

  it('schedule set --add keeps windows with the same times apart, in the order they were set', () => {
    const { json } = withDeployment();
    json(T, 'schedule', 'set', '1', '--pause', '20:00-08:00', '--days', 'fri', '--tz', 'Europe/Berlin');
    const added = json(T, 'schedule', 'set', '1', '--pause', '20:00-08:00', '--days', 'mon', '--add');
    expect(added.json).toMatchObject({
      timeZone: 'Europe/Berlin',
      windows: [
        { days: ['fri'], start: '20:00', end: '08:00' },
        { days: ['mon'], start: '20:00', end: '08:00' },
      ],
    });
  });

  it('schedule show: all, one, and one that has none', () => {
    const { json, run } = withDeployment();
    json(T, 'deploy', 'create', '--name', 'other', '--model', 'm', '--params', '8', '--precision', 'fp16', '--tier', 'S');
    expect(json(T, 'schedule', 'show').json).toEqual([]);
    expect(run(T, 'schedule', 'show').stdout).toBe('No schedules.\n');
    json(T, 'schedule', 'set', '1', '--pause', '00:00-24:00', '--days', 'sun', '--tz', 'UTC');
    const one = {
      deploymentId: 1,
      timeZone: 'UTC',
      windows: [{ days: ['sun'], start: '00:00', end: '24:00' }],
      nextEdge: { at: '2026-05-03T00:00:00.000Z', kind: 'pause' },
    };
    expect(json(T, 'schedule', 'show').json).toEqual([one]);
    expect(json(T, 'schedule', 'show', '1').json).toEqual(one);
    expect(keys(json(T, 'schedule', 'show', '1').json)).toEqual(['deploymentId', 'timeZone', 'windows', 'nextEdge']);
    expect(json(T, 'schedule', 'show', '2').json).toBeNull();
    expect(run(T, 'schedule', 'show', '2').stdout).toBe('No schedules.\n');
    expect(run(T, 'schedule', 'show', '1').stdout).toBe('Deployment 1 pauses sun 00:00–24:00 (UTC); next: pause at 2026-05-03T00:00:00.000Z.\n');
  });

  it('schedule clear: removed and resumed, or "had no schedule" with exit 0', () => {
    const { json, run } = withDeployment();
    json(T, 'coupon', 'create', 'HELLO', '--credits', '10000');
    json(T, 'coupon', 'redeem', 'HELLO');
    json(T, 'deploy', 'start', '1');
    const set = json(T, 'schedule', 'set', '1', '--pause', '10:00-12:00', '--days', 'tue', '--tz', 'UTC');
    expect(set.json).toMatchObject({ state: 'paused', pausedReason: 'schedule' });
    const cleared = json(T, 'schedule', 'clear', '1');
    expect(cleared.json).toEqual({ deploymentId: 1, removed: true, resumed: true, state: 'running', pausedReason: null });
    expect(keys(cleared.json)).toEqual(['deploymentId', 'removed', 'resumed', 'state', 'pausedReason']);
    const again = run(T, 'schedule', 'clear', '1');
    expect([again.code, again.stdout]).toEqual([0, 'llama had no schedule.\n']);
    expect(json(T, 'schedule', 'clear', '1').json).toEqual({ deploymentId: 1, removed: false, resumed: false, state: 'running', pausedReason: null });
    json(T, 'schedule', 'set', '1', '--pause', '20:00-08:00', '--tz', 'UTC');
    expect(run(T, 'schedule', 'clear', '1').stdout).toBe('Schedule of llama removed.\n');
  });

  it.each([
    [['schedule', 'clear', '99'], 'unknown_deployment'],
    [['schedule', 'show', 'x'], 'invalid_number'],
    [['schedule', 'set', '1', '--pause', '20:00-08:00', '--days', 'someday'], 'invalid_schedule'],
    [['schedule', 'set', '1', '--pause', '20:00-08:00', '--tz', ''], 'invalid_time_zone'],
    [['account', 'set-email', 'not an email'], 'invalid_email'],
    [['account', 'set-email', `${'a'.repeat(250)}@example.com`], 'invalid_email'],
  ])('%j is refused with exit 2 and its code %s', (args, code) => {
    const { json } = withDeployment();
    const r = json(T, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.json).toMatchObject({ error: { code } });
  });

  it('sync: every field of the report and the balance, in order; its text', () => {
    const { json, run } = user();
    const r = json(T, 'sync');
    expect(r.code).toBe(0);
    expect(r.json).toEqual({ credited: [], failed: [], refunds: [], eventsSeen: 0, eventsApplied: 0, pending: 0, cardsAdded: [], refill: null, balance: 0 });
    expect(keys(r.json)).toEqual(['credited', 'failed', 'refunds', 'eventsSeen', 'eventsApplied', 'pending', 'cardsAdded', 'refill', 'balance']);
    expect(run(T, 'sync').stdout).toBe('0 new events; 0 payments still pending. Balance 0 credits ($0.00).\n');
  });

  it('account: set-email, show (the customer once a card made one), clear', () => {
    const { json, run } = user();
    expect(json(T, 'account', 'show').json).toEqual({ email: null, customer: null });
    expect(run(T, 'account', 'show').stdout).toBe('Receipt email: (none); Stripe customer: (not created yet)\n');
    expect(json(T, 'account', 'set-email', ' Lead@Example.com ').json).toEqual({ email: 'lead@example.com' });
    expect(run(T, 'account', 'set-email', 'lead@example.com').stdout).toBe('Receipts go to lead@example.com.\n');
    expect(json(T, 'cards', 'add', 'pm_card_visa').code).toBe(0);
    const shown = json(T, 'account', 'show').json as { email: string; customer: string };
    expect(shown).toEqual({ email: 'lead@example.com', customer: expect.stringMatching(/^cus_/) });
    expect(keys(shown)).toEqual(['email', 'customer']);
    expect(json(T, 'account', 'set-email', '').json).toEqual({ email: null });
    expect(run(T, 'account', 'set-email', '').stdout).toBe('No receipt email.\n');
  });
});
