import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/engine-fixture.js';
import { runCli } from '../../support/run-cli.js';

const BIN = path.resolve(import.meta.dirname, '../../../bin/burnrate.mjs');
const SECRET = 'whsec_cli_test_0123456789abcdef';

describe('sandbox serve --webhook-url --webhook-secret', () => {
  const cleanup: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it.each([
    ['a URL without a secret', ['--webhook-url', 'http://127.0.0.1:9/hook'], /needs --webhook-secret/],
    ['a secret without a URL', ['--webhook-secret', SECRET], /needs --webhook-url/],
    ['a URL that is not http', ['--webhook-url', 'file:///etc/passwd', '--webhook-secret', SECRET], /http:\/\/ or https:\/\//],
    ['a secret that is not whsec_', ['--webhook-url', 'http://127.0.0.1:9/hook', '--webhook-secret', 'sk_test_0123456789abcdef0123'], /whsec_/],
  ])('refuses %s with exit 2 and makes no sandbox file', (_what, flags, message) => {
    const dir = tempDir();
    const db = path.join(dir, 'sb.db');
    const r = runCli(['--data-dir', dir, 'sandbox', 'serve', '--port', '0', '--db', db, ...flags], { STRIPE_WEBHOOK_SECRET: '' });
    expect([r.code, r.stderr.trim().split('\n')]).toEqual([2, [expect.stringMatching(message)]]);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('delivers signed events to the URL, also those another process (sandbox pay) writes to its file; the secret can come from the environment', async () => {
    const got: { type: string; id: string }[] = [];
    const rejected: string[] = [];
    const receiver: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const event = Stripe.webhooks.constructEvent(Buffer.concat(chunks), String(req.headers['stripe-signature']), SECRET);
          got.push({ type: event.type, id: event.id });
          res.writeHead(200).end();
        } catch (err) {
          rejected.push((err as Error).message);
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((r) => receiver.close(() => r())));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/stripe`;

    const dir = tempDir();
    const db = path.join(dir, 'sb.db');
    const child: ChildProcess = spawn(
      process.execPath,
      [BIN, '--data-dir', dir, '--json', 'sandbox', 'serve', '--port', '0', '--db', db, '--webhook-url', hookUrl],
      {
        env: { ...process.env, STRIPE_WEBHOOK_SECRET: SECRET },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    cleanup.push(() => {
      child.kill('SIGTERM');
    });
    let err = '';
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    const started = await new Promise<{ url: string; webhookUrl: string }>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) resolve(JSON.parse(out) as { url: string; webhookUrl: string });
      });
      child.on('exit', (code) => reject(new Error(`sandbox serve exited ${code}: ${err}`)));
    });
    expect(started.webhookUrl).toBe(hookUrl);
    // The secret never shows: not in the process's arguments, nor in what it printed.
    expect(err).not.toContain(SECRET);

    const u = new URL(started.url);
    const stripe = new Stripe('sk_test_anything', { host: u.hostname, port: Number(u.port), protocol: 'http', maxNetworkRetries: 0 });
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'credits' } }, quantity: 1 }],
      success_url: 'http://127.0.0.1:1/ok',
    });
    // Paid by another process on the same file: the serving process still delivers what it wrote.
    const paid = runCli(['--data-dir', dir, 'sandbox', 'pay', session.id, '--db', db]);
    expect(paid.code).toBe(0);
    // The serving process polls its queue; wait (bounded only to catch a hang) until the payment's event arrives.
    for (let i = 0; i < 600 && !got.some((g) => g.type === 'checkout.session.completed'); i++) await new Promise((r) => setTimeout(r, 200));
    expect(got.map((g) => g.type)).toEqual(expect.arrayContaining(['checkout.session.completed', 'payment_intent.succeeded']));
    expect(new Set(got.map((g) => g.id)).size).toBe(got.length);
    expect(rejected).toEqual([]);
  }, 240_000);
});
