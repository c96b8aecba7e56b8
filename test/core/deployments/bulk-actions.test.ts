import { afterEach, describe, expect, it } from 'vitest';
import { bulkQuestion, bulkTargets, runBulk } from '../../../main/core/deployments/bulk-actions.js';
import type { Services } from '../../../main/core/services.js';
import { setAutoResume } from '../../../main/core/settings/engine-settings.js';
import { credit, memoryServices, startDeployment } from '../schedules/services-fixture.js';

let open: Services | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

/**
 * Four paused deployments, one of each kind, at Monday 23:00 UTC: one the
 * user paused, one a schedule paused, one paused for credits, one paused for
 * credits inside its schedule's window (22:00–08:00). Auto-resume is off, so
 * credits added later leave the credit pauses standing for Resume all.
 */
async function fourPaused() {
  const { s, clock } = await memoryServices('2026-03-02T18:00:00Z');
  open = s;
  setAutoResume(s.engine.settings, false);
  await credit(s, 60 * 2 + 60 * 2 + 60 + 60);
  const byUser = await startDeployment(s, { name: 'by-user', tier: 'S' });
  const bySchedule = await startDeployment(s, { name: 'by-schedule', tier: 'S' });
  const forCredits = await startDeployment(s, { name: 'for-credits', tier: 'S' });
  const heldForCredits = await startDeployment(s, { name: 'held-for-credits', tier: 'S' });
  await s.engine.pauseDeployment(byUser);
  await s.schedules.set(bySchedule, { windows: [{ days: ['mon'], start: '18:30', end: '23:59' }] });
  await s.schedules.set(heldForCredits, { windows: [{ days: ['mon', 'tue'], start: '22:00', end: '08:00' }] });
  clock.set(Date.parse('2026-03-02T23:00:00Z'));
  await s.engine.settle();
  await credit(s, 10_000);
  return { s, ids: { byUser, bySchedule, forCredits, heldForCredits } };
}

describe('Pause all / Resume all (one rule for the window, the tray and the web host)', () => {
  it('Resume all resumes only what was paused for credits: never a user’s pause, a schedule’s pause, or one its schedule’s window holds', async () => {
    const { s, ids } = await fourPaused();
    const states = () =>
      Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, `${s.engine.deployments.get(id).state}/${s.engine.deployments.get(id).pausedReason}`]));
    expect(states()).toEqual({
      byUser: 'paused/user',
      bySchedule: 'paused/schedule',
      forCredits: 'paused/insufficient_credits',
      heldForCredits: 'paused/insufficient_credits',
    });
    expect(bulkTargets(s.engine, 'resume').map((d) => d.name)).toEqual(['for-credits']);
    const r = await runBulk(s.engine, 'resume');
    expect(r.changed.map((d) => d.name)).toEqual(['for-credits']);
    expect(states()).toEqual({
      byUser: 'paused/user',
      bySchedule: 'paused/schedule',
      forCredits: 'running/null',
      heldForCredits: 'paused/insufficient_credits',
    });
  });

  it('changes only the ids the confirmation listed', async () => {
    const { s } = await memoryServices('2026-03-02T18:00:00Z');
    open = s;
    await credit(s, 1000);
    const a = await startDeployment(s, { name: 'a', tier: 'S' });
    const b = await startDeployment(s, { name: 'b', tier: 'S' });
    expect(bulkTargets(s.engine, 'pause').map((d) => d.id)).toEqual([a, b]);
    // The user saw only "a" (b started after the dialog opened): b keeps running.
    const r = await runBulk(s.engine, 'pause', [a]);
    expect(r.changed.map((d) => d.id)).toEqual([a]);
    expect(s.engine.deployments.get(b).state).toBe('running');
    expect((await runBulk(s.engine, 'pause', [a])).changed).toEqual([]);
  });

  it('a resume the balance cannot pay is reported, and the others still resume', async () => {
    const { s, clock } = await memoryServices('2026-03-02T18:00:00Z');
    open = s;
    setAutoResume(s.engine.settings, false);
    await credit(s, 60 * 2);
    const a = await startDeployment(s, { name: 'a', tier: 'S' });
    const b = await startDeployment(s, { name: 'b', tier: 'S' });
    clock.set(Date.parse('2026-03-02T19:30:00Z'));
    await s.engine.settle();
    expect(bulkTargets(s.engine, 'resume').map((d) => d.id)).toEqual([a, b]);
    await credit(s, 60);
    const r = await runBulk(s.engine, 'resume');
    expect(r.changed.map((d) => d.id)).toEqual([a]);
    expect(r.refused).toEqual([{ id: b, code: 'insufficient_credits', message: expect.any(String) }]);
  });

  it.each([
    ['pause', 1, 'Pause 1 deployment?'],
    ['pause', 3, 'Pause 3 deployments?'],
    ['resume', 2, 'Resume 2 deployments paused for credits?'],
  ] as const)('%s of %i asks "%s"', (action, n, question) => {
    expect(bulkQuestion(action, n)).toBe(question);
  });
});
