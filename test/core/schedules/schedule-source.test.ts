import { afterEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../main/core/clock.js';
import type { Services } from '../../../main/core/services.js';
import { chargedHours, credit, memoryServices, startDeployment, transitions } from './services-fixture.js';

let open: Services | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function setup(start: string, tz = 'UTC') {
  const r = await memoryServices(start, tz);
  open = r.s;
  return r;
}

/** Adds credits through a coupon and says which deployments that resumed. */
async function redeem(s: Services, credits: number): Promise<{ resumed: number[] }> {
  const code = `TOPUP${s.engine.now()}`;
  await s.engine.createCoupon({ code, credits });
  return s.engine.redeemCoupon(code);
}

describe('pause schedules in the settle loop', () => {
  it('a two-day catch-up replays pauses, resumes and charges in time order (20:00–08:00)', async () => {
    const { s, clock } = await setup('2026-03-02T18:00:00Z');
    await credit(s, 100_000);
    const id = await startDeployment(s, { tier: 'S' });
    await s.schedules.set(id, { windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '20:00', end: '08:00' }] });
    clock.set(Date.parse('2026-03-04T09:30:00Z'));
    const report = await s.engine.settle();
    expect(transitions(s, id)).toEqual([
      'running/user@2026-03-02T18:00:00.000Z',
      'paused/schedule@2026-03-02T20:00:00.000Z',
      'running/schedule@2026-03-03T08:00:00.000Z',
      'paused/schedule@2026-03-03T20:00:00.000Z',
      'running/schedule@2026-03-04T08:00:00.000Z',
    ]);
    // 18:00 and 19:00; the 20:00 hour is never charged (the pause comes first); 08:00–19:00; 08:00 and 09:00.
    const hours = chargedHours(s, id);
    expect(hours).toHaveLength(2 + 12 + 2);
    expect(hours).not.toContain('2026-03-02T20:00:00.000Z');
    expect(hours.slice(-2)).toEqual(['2026-03-04T08:00:00.000Z', '2026-03-04T09:00:00.000Z']);
    // The pass reports every hour it charged after the start (19:00 on), those a schedule resume charged included.
    expect(report.charged.map((c) => new Date(c.hourStart).toISOString())).toEqual(hours.slice(1));
    expect(report.chargedCredits).toBe(60 * (hours.length - 1));
  });

  it('a resume inside the hour already paid charges nothing until that hour ends', async () => {
    const { s, clock } = await setup('2026-03-02T09:40:00Z');
    await credit(s, 10_000);
    const id = await startDeployment(s, { tier: 'S' });
    await s.schedules.set(id, { windows: [{ days: ['mon'], start: '10:00', end: '10:30' }] });
    clock.set(Date.parse('2026-03-02T11:00:00Z'));
    await s.engine.settle();
    expect(chargedHours(s, id)).toEqual(['2026-03-02T09:40:00.000Z', '2026-03-02T10:40:00.000Z']);
  });

  it('a deployment the user paused stays paused at the window end', async () => {
    const { s, clock } = await setup('2026-03-02T18:00:00Z');
    await credit(s, 10_000);
    const id = await startDeployment(s);
    await s.schedules.set(id, { windows: [{ days: ['mon'], start: '20:00', end: '22:00' }] });
    clock.set(Date.parse('2026-03-02T19:30:00Z'));
    await s.engine.pauseDeployment(id);
    clock.set(Date.parse('2026-03-03T00:00:00Z'));
    await s.engine.settle();
    expect(s.engine.deployments.get(id)).toMatchObject({ state: 'paused', pausedReason: 'user' });
  });

  it('a resume the balance cannot pay leaves it paused for insufficient credits, without failing the settle', async () => {
    const { s, clock } = await setup('2026-03-02T18:00:00Z');
    await credit(s, 60 * 2);
    const id = await startDeployment(s, { tier: 'S' });
    await s.schedules.set(id, { windows: [{ days: ['mon'], start: '19:00', end: '21:00' }] });
    await s.engine.createDeployment({ name: 'x', model: 'x', paramsB: 1, precision: 'fp16', tier: 'S' }).then((d) => s.engine.startDeployment(d.id));
    clock.set(Date.parse('2026-03-02T22:00:00Z'));
    const report = await s.engine.settle();
    expect(s.engine.deployments.get(id)).toMatchObject({ state: 'paused', pausedReason: 'insufficient_credits' });
    expect(report.paused).toContainEqual({ deploymentId: id, at: Date.parse('2026-03-02T21:00:00Z'), reason: 'insufficient_credits' });
  });

  it('credits added inside a pause window do not start it: it waits, paused by the schedule, for the window end', async () => {
    const { s, clock } = await setup('2026-03-02T18:00:00Z');
    await credit(s, 60);
    const id = await startDeployment(s, { tier: 'S' });
    await s.schedules.set(id, { windows: [{ days: ['mon', 'tue'], start: '22:00', end: '08:00' }] });
    clock.set(Date.parse('2026-03-02T19:30:00Z'));
    await s.engine.settle();
    expect(s.engine.deployments.get(id)).toMatchObject({ state: 'paused', pausedReason: 'insufficient_credits' });
    clock.set(Date.parse('2026-03-02T23:00:00Z'));
    const redeemed = await redeem(s, 10_000);
    expect(redeemed.resumed).toEqual([]);
    expect(s.engine.deployments.get(id)).toMatchObject({ state: 'paused', pausedReason: 'schedule' });
    clock.set(Date.parse('2026-03-03T09:30:00Z'));
    await s.engine.settle();
    expect(transitions(s, id).slice(-3)).toEqual([
      'paused/insufficient_credits@2026-03-02T19:00:00.000Z',
      'paused/schedule@2026-03-02T23:00:00.000Z',
      'running/schedule@2026-03-03T08:00:00.000Z',
    ]);
    expect(chargedHours(s, id)).toEqual(['2026-03-02T18:00:00.000Z', '2026-03-03T08:00:00.000Z', '2026-03-03T09:00:00.000Z']);
  });

  it('credits added outside any window resume it at once, as without a schedule', async () => {
    const { s, clock } = await setup('2026-03-02T18:00:00Z');
    await credit(s, 60);
    const id = await startDeployment(s, { tier: 'S' });
    await s.schedules.set(id, { windows: [{ days: ['mon'], start: '22:00', end: '23:00' }] });
    clock.set(Date.parse('2026-03-02T19:30:00Z'));
    const redeemed = await redeem(s, 10_000);
    expect(redeemed.resumed).toEqual([id]);
    expect(s.engine.deployments.get(id)).toMatchObject({ state: 'running' });
  });

  it('setting a schedule inside a window pauses at once; clearing it resumes what it paused', async () => {
    const { s } = await setup('2026-03-02T21:00:00Z');
    await credit(s, 10_000);
    const id = await startDeployment(s);
    await s.schedules.set(id, { windows: [{ days: ['mon'], start: '20:00', end: '23:00' }] });
    expect(s.engine.deployments.get(id)).toMatchObject({ state: 'paused', pausedReason: 'schedule' });
    const r = await s.schedules.clear(id);
    expect(r).toEqual({ removed: true, resumed: true });
    expect(s.engine.deployments.get(id).state).toBe('running');
    expect(chargedHours(s, id)).toEqual(['2026-03-02T21:00:00.000Z']);
  });

  it('a stopped deployment takes no schedule', async () => {
    const { s } = await setup('2026-03-02T09:00:00Z');
    const d = await s.engine.createDeployment({ name: 'x', model: 'x', paramsB: 1, precision: 'fp16', tier: 'S' });
    await s.engine.stopDeployment(d.id);
    await expect(s.schedules.set(d.id, { windows: [{ days: ['mon'], start: '20:00', end: '08:00' }] })).rejects.toThrow(/stopped/);
  });

  it('edges follow local time across DST: Berlin 20:00–08:00 over the spring change pauses 11 real hours', async () => {
    const { s, clock } = await setup('2026-03-28T12:00:00Z', 'Europe/Berlin');
    await credit(s, 100_000);
    const id = await startDeployment(s);
    await s.schedules.set(id, { windows: [{ days: ['sat'], start: '20:00', end: '08:00' }] });
    clock.advance(30 * HOUR_MS);
    await s.engine.settle();
    expect(transitions(s, id).slice(1)).toEqual(['paused/schedule@2026-03-28T19:00:00.000Z', 'running/schedule@2026-03-29T06:00:00.000Z']);
  });
});
