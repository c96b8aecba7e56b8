import { afterEach, describe, expect, it, vi } from 'vitest';
import { useHandlerServices } from '../../support/handler-fixture.js';
import { HOOK, standIn, type StandIn } from '../../core/control/control-fixture.js';
import { spec } from '../../support/engine-fixture.js';

vi.setConfig({ testTimeout: 60_000 });

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const h = useHandlerServices();
let inst: StandIn | null = null;
afterEach(() => {
  inst?.cleanup();
  inst = null;
});

async function deployment(): Promise<number> {
  return (await h.services().engine.createDeployment(spec({ name: 'chat-70b' }))).id;
}

describe('control handlers', () => {
  it('a webhook set through the contract is kept, but no reply ever carries its secret', async () => {
    const id = await deployment();
    const set = await h.call('control/set', { id, kind: 'webhook', url: 'http://127.0.0.1:9/hook', secret: SECRET, verifyUrl: null });
    expect(set).toMatchObject({ result: { deploymentId: id, control: { kind: 'webhook', url: 'http://127.0.0.1:9/hook', hasSecret: true } } });
    expect(JSON.stringify(set)).not.toContain(SECRET);
    const got = await h.call('control/get', { id });
    expect(JSON.stringify(got)).not.toContain(SECRET);
    expect(h.services().control.store.secret(id)).toBe(SECRET);
  });

  it.each([
    ['a relative command', { kind: 'command', command: 'hook.sh', args: [], verifyUrl: null }, 'invalid_command'],
    ['a secret that is not whsec_', { kind: 'webhook', url: 'http://127.0.0.1:9/x', secret: 'hunter2', verifyUrl: null }, 'invalid_secret'],
    ['an ftp URL', { kind: 'webhook', url: 'ftp://example.com/x', secret: SECRET, verifyUrl: null }, 'invalid_url'],
    ['an unknown kind', { kind: 'shell', command: 'rm -rf /', verifyUrl: null }, 'invalid_input'],
    ['an unknown key', { kind: 'command', command: HOOK, args: [], verifyUrl: null, shell: true }, 'invalid_input'],
  ])('refuses %s and stores nothing', async (_name, input, code) => {
    const id = await deployment();
    const r = await h.call('control/set', { id, ...input });
    expect(r).toMatchObject({ error: { code } });
    expect((await h.call('control/get', { id })) as unknown).toMatchObject({ result: { control: null } });
  });

  it('test runs the real hook with action "test"; setIdle turns idle auto-pause on and off', async () => {
    inst = await standIn();
    const id = await deployment();
    await h.call('control/set', { id, kind: 'command', command: HOOK, args: [inst.dir, String(inst.port)], verifyUrl: inst.healthUrl });
    expect(await h.call('control/test', { id })).toEqual({ result: { ok: true, detail: 'exit 0', probe: 'not_serving' } });
    expect(inst.actions()).toEqual(['test']);
    expect(await h.call('control/setIdle', { id, afterMinutes: 30 })).toMatchObject({ result: { idleAfterMinutes: 30 } });
    expect(await h.call('control/setIdle', { id, afterMinutes: 2 })).toMatchObject({ error: {} });
    expect(await h.call('control/setIdle', { id, afterMinutes: null })).toMatchObject({ result: { idleAfterMinutes: null } });
    expect(await h.call('control/clear', { id })).toMatchObject({ result: { control: null } });
  });
});
