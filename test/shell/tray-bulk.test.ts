import { afterEach, describe, expect, it } from 'vitest';
import type { Services } from '../../main/core/services.js';
import { setAutoResume } from '../../main/core/settings/engine-settings.js';
import { bulkFromTray } from '../../main/shell/tray-bulk.js';
import { credit, memoryServices, startDeployment } from '../core/schedules/services-fixture.js';

let open: Services | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('tray: Pause all / Resume all confirm with the list of what they change (issue 10)', () => {
  it('Pause all lists the running deployments and pauses them only after yes', async () => {
    const { s } = await memoryServices('2026-03-02T18:00:00Z');
    open = s;
    await credit(s, 1000);
    const a = await startDeployment(s, { name: 'chat-prod', tier: 'S' });
    const b = await startDeployment(s, { name: 'batch', tier: 'S' });
    const asked: string[] = [];
    const no = await bulkFromTray(s.engine, 'pause', (q, label, detail) => (asked.push(`${q} [${label}]\n${detail}`), Promise.resolve(false)));
    expect(no).toBeNull();
    expect(asked).toEqual(['Pause 2 deployments? [Pause 2]\n• chat-prod\n• batch']);
    expect([a, b].map((id) => s.engine.deployments.get(id).state)).toEqual(['running', 'running']);
    const yes = await bulkFromTray(s.engine, 'pause', () => Promise.resolve(true));
    expect(yes?.changed.map((d) => d.name)).toEqual(['chat-prod', 'batch']);
  });

  it('Resume all lists and resumes only what was paused for credits; a user’s pause stays', async () => {
    const { s, clock } = await memoryServices('2026-03-02T18:00:00Z');
    open = s;
    setAutoResume(s.engine.settings, false);
    await credit(s, 120);
    const mine = await startDeployment(s, { name: 'mine', tier: 'S' });
    const starved = await startDeployment(s, { name: 'starved', tier: 'S' });
    await s.engine.pauseDeployment(mine);
    clock.set(Date.parse('2026-03-02T19:30:00Z'));
    await s.engine.settle();
    await credit(s, 1000);
    let detail = '';
    const r = await bulkFromTray(s.engine, 'resume', (_q, _l, d) => ((detail = d ?? ''), Promise.resolve(true)));
    expect(detail).toBe('• starved\n\nDeployments you paused, or a schedule paused, stay paused.');
    expect(r?.changed.map((d) => d.id)).toEqual([starved]);
    expect(s.engine.deployments.get(mine)).toMatchObject({ state: 'paused', pausedReason: 'user' });
  });

  it('asks nothing when there is nothing to change', async () => {
    const { s } = await memoryServices('2026-03-02T18:00:00Z');
    open = s;
    let asked = 0;
    expect(await bulkFromTray(s.engine, 'resume', () => (asked++, Promise.resolve(true)))).toBeNull();
    expect(asked).toBe(0);
  });
});
