import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxStripeClient, serveSandboxCli } from '../../main/stripe-sandbox/index.js';

describe('serveSandboxCli', () => {
  it('logs one line with the URL, serves the API, and releases its signal handlers on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'burnrate-sandbox-cli-'));
    const lines: string[] = [];
    const before = process.listenerCount('SIGINT');
    const handle = await serveSandboxCli(0, join(dir, 'sandbox.db'), (l) => lines.push(l));
    try {
      expect(lines).toEqual([`Stripe sandbox listening on http://127.0.0.1:${handle.port}`]);
      expect(process.listenerCount('SIGINT')).toBe(before + 1);
      const health = await fetch(`${handle.url}/_sandbox/health`);
      expect(await health.json()).toEqual({ ok: true });
      const customer = await sandboxStripeClient(handle).customers.create({ email: 'cli@example.com' });
      expect(customer.email).toBe('cli@example.com');
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
