import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/engine-fixture.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/burnrate.mjs');

/** `burnrate sandbox serve` on `file`, as a separate process; resolves with its URL. */
function serve(dir: string, file: string, children: ChildProcess[]): Promise<string> {
  const child = spawn(process.execPath, [BIN, '--data-dir', dir, 'sandbox', 'serve', '--port', '0', '--db', file]);
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim().split('\n')[0]!));
    child.once('exit', (code) => reject(new Error(`sandbox serve exited (${code})`)));
  });
}

/**
 * The app, the CLI and `sandbox pay` are separate processes on one sandbox
 * file. Stripe's rule holds across them: one key, one operation, the same
 * answer to every request that carries it.
 */
describe('two sandbox processes on one database file', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill();
  });

  it('the same idempotency key sent to both at once runs once and both get its answer', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'stripe-sandbox.db');
    const a = await serve(dir, file, children);
    const b = await serve(dir, file, children);
    const create = (url: string, key: string) =>
      fetch(`${url}/v1/customers`, {
        method: 'POST',
        headers: { Authorization: 'Bearer sk_test_race', 'Idempotency-Key': key, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'email=lead%40example.com',
      }).then(async (r) => ({ status: r.status, id: ((await r.json()) as { id?: string }).id }));
    const outcomes: string[] = [];
    for (let i = 0; i < 100; i++) {
      const [x, y] = await Promise.all([create(a, `race-${i}`), create(b, `race-${i}`)]);
      outcomes.push(x.status === 200 && y.status === 200 && x.id === y.id ? 'same' : `${x.status}/${y.status}`);
    }
    expect(outcomes.filter((o) => o !== 'same')).toEqual([]);
    const list = await fetch(`${a}/v1/customers?limit=100`, { headers: { Authorization: 'Bearer sk_test_race' } }).then((r) => r.json() as Promise<{ data: unknown[] }>);
    expect(list.data).toHaveLength(100);
  }, 60_000);
});
