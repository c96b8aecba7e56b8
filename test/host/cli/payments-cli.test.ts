import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAYMENT_CRASH_POINTS } from '../../../main/core/crash-points.js';
import { startSandbox } from '../../../main/stripe-sandbox/index.js';
import { sandboxStripeClient } from '../../../main/stripe-sandbox/client.js';
import { tempDir } from '../../support/engine-fixture.js';
import { runCli } from '../../support/run-cli.js';

const T = '2026-03-02T09:00:00Z';
const BIN = path.resolve(import.meta.dirname, '../../../bin/burnrate.mjs');
/** No key and no API URL: the built-in sandbox, as a new user gets it. */
const NO_CONFIG = { STRIPE_SECRET_KEY: '', BURNRATE_STRIPE_API: '', BURNRATE_CRASH_AT: '' };

function cli(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(['--data-dir', dir, '--now', T, '--json', ...args], { ...NO_CONFIG, ...env });
}

function ledgerRows(dir: string): { kind: string; credits: number; reference: string }[] {
  const db = new Database(path.join(dir, 'burnrate.db'), { readonly: true });
  const rows = db.prepare('SELECT kind, credits, reference FROM ledger_entries ORDER BY id').all() as { kind: string; credits: number; reference: string }[];
  db.close();
  return rows;
}

async function sandboxIntents(dir: string) {
  const handle = await startSandbox({ dbFile: path.join(dir, 'stripe-sandbox.db') });
  try {
    return (await sandboxStripeClient(handle).paymentIntents.list({ limit: 100 })).data;
  } finally {
    await handle.close();
  }
}

describe('payments from the CLI, with no configuration (built-in sandbox)', () => {
  it('adds a card, buys a pack and a custom amount, explains a decline, sets and shows auto-refill', async () => {
    const dir = tempDir();
    const card = cli(dir, ['cards', 'add', 'pm_card_visa']);
    expect(card.code).toBe(0);
    expect(card.json).toEqual(expect.objectContaining({ brand: 'visa', last4: '4242', funding: 'credit', id: expect.stringMatching(/^pm_/) }));
    const pack = cli(dir, ['credits', 'buy', '--pack', '20']);
    expect(pack.json).toEqual(expect.objectContaining({ credits: 2000, status: 'succeeded', paymentIntent: expect.stringMatching(/^pi_/) }));
    expect(cli(dir, ['credits', 'buy', '--usd', '12.34']).json).toMatchObject({ credits: 1234 });
    const declined = cli(dir, ['credits', 'buy', '--usd', '5', '--card', 'pm_card_visa_chargeDeclinedInsufficientFunds']);
    expect(declined.code).toBe(2);
    expect(declined.stderr.trim().split('\n')).toEqual([expect.stringMatching(/insufficient funds/)]);
    const set = cli(dir, ['refill', 'set', '--threshold', '500', '--amount', '2000', '--monthly-limit', '10000']);
    expect(set.json).toMatchObject({ enabled: true, threshold: 500, amount: 2000, maxPerDay: 3, monthlyLimitCredits: 10_000, monthlyLimitUsd: '100.00' });
    expect(cli(dir, ['refill', 'off']).json).toMatchObject({ enabled: false });
    expect(ledgerRows(dir).map((r) => r.credits)).toEqual([2000, 1234]);
  });

  it.concurrent.each([
    ['0', /at least \$1\.00/],
    ['0.99', /at least/],
    ['5.005', /whole cents/],
    ['-1', /positive/],
    ['1e3', /exponent/],
    ['NaN', /amount in dollars/],
    ['text', /amount in dollars/],
    ['10000.01', /at most \$10,000\.00/],
    ['1,00', /use a dot for cents/],
    ['5,50', /use a dot for cents/],
    ['1,0,0', /use a dot for cents/],
    // Issue 10: "7,50" must never be $750; a comma outside 1,000.00 is refused, not dropped.
    ['7,50', /--usd '7,50': use a dot for cents: write 7\.50/],
    ['1,000', /use a dot for cents/],
    ['1.000,00', /use a dot for cents: write 1000\.00/],
    ['1 000', /spaces/],
    ['+5', /leave out the \+/],
    ['€5', /US dollars/],
  ])('refuses --usd %s with one clear line, exit 2, nothing changed (%s)', (usd, reason) => {
    const dir = tempDir();
    const r = cli(dir, ['credits', 'buy', `--usd=${usd}`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
    expect(ledgerRows(dir)).toEqual([]);
  });

  it.concurrent.each([
    ['--monthly-limit-usd=1,00', /use a dot for cents/],
    ['--monthly-limit-usd=5,50', /use a dot for cents/],
    ['--monthly-limit-usd=1,0,0', /use a dot for cents/],
    ['--monthly-limit-usd=-5', /positive/],
    ['--monthly-limit-usd=1e3', /exponent/],
    ['--monthly-limit=20.00', /--monthly-limit must be a whole number/],
    ['--monthly-limit=1,000', /whole number/],
    ['--monthly-limit=99', /between 100/],
  ])('refuses %s with one clear line, exit 2, refill unchanged', (arg, reason) => {
    const dir = tempDir();
    const r = cli(dir, ['refill', 'set', '--threshold', '500', '--amount', '2000', arg]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(reason)]);
    expect(cli(dir, ['refill', 'show']).json).toMatchObject({ enabled: false, monthlyLimitCredits: null });
  });

  it.concurrent.each(PAYMENT_CRASH_POINTS)('a crash at %s: after restart exactly one credit, no second payment', async (point) => {
    const dir = tempDir();
    expect(cli(dir, ['cards', 'add', 'pm_card_visa']).code).toBe(0);
    const crashed = cli(dir, ['credits', 'buy', '--pack', '5'], { BURNRATE_CRASH_AT: point });
    expect(crashed.code).not.toBe(0);
    // Restart: opening resolves the pending payment under its key; sync then finds nothing more to do.
    expect(cli(dir, ['sync']).code).toBe(0);
    expect(cli(dir, ['sync']).json).toMatchObject({ credited: [], pending: 0 });
    const rows = ledgerRows(dir);
    expect(rows.map((r) => [r.kind, r.credits])).toEqual([['purchase', 500]]);
    const intents = await sandboxIntents(dir);
    expect(intents).toHaveLength(1);
    expect(intents[0]).toMatchObject({ id: rows[0]!.reference, status: 'succeeded', amount: 500 });
  });

  it.concurrent.each([
    ['a CSV without the header', 'WELCOME,500\n', 2, null],
    [
      'a CSV with a short row and an expired coupon',
      'Code, Credits ,expiresAt\nWELCOME,500,\nSHORT\nOLD,100,2026-01-01\n',
      0,
      { created: ['WELCOME'], rejected: [2, 3] },
    ],
  ] as const)('coupon import: %s', (_what, text, code, report) => {
    const dir = tempDir();
    const file = path.join(dir, 'coupons.csv');
    fs.writeFileSync(file, text);
    const r = cli(dir, ['coupon', 'import', file]);
    expect(r.code).toBe(code);
    if (report) expect(r.json).toMatchObject({ created: report.created, rejected: report.rejected.map((row) => ({ row })) });
    else expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/needs a header line with the columns code, credits/)]);
    expect((cli(dir, ['coupon', 'list']).json as { code: string }[]).map((c) => c.code)).toEqual(report ? report.created : []);
  });

  it('a refill owed when the process is killed before the refill call is made on the next run (the charge that crossed marked it)', () => {
    const dir = tempDir();
    const at = (iso: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
      runCli(['--data-dir', dir, '--now', iso, '--json', ...args], { ...NO_CONFIG, ...env });
    expect(at('2026-03-02T09:00:00Z', ['cards', 'add', 'pm_card_visa']).code).toBe(0);
    expect(at('2026-03-02T09:00:00Z', ['credits', 'buy', '--pack', '10']).code).toBe(0);
    expect(at('2026-03-02T09:00:00Z', ['refill', 'set', '--threshold', '500', '--amount', '1000']).code).toBe(0);
    expect(
      at('2026-03-02T10:00:00Z', ['deploy', 'create', '--name', 'big', '--model', 'llama-3-70b', '--params', '70', '--precision', 'fp16', '--tier', 'L']).code,
    ).toBe(0);
    expect(at('2026-03-02T10:00:00Z', ['deploy', 'start', '1']).json).toMatchObject({ balance: 650 });
    expect(at('2026-03-02T11:00:01Z', ['tick'], { BURNRATE_CRASH_AT: 'settle-before-async' }).code).not.toBe(0);
    expect(ledgerRows(dir).map((r) => r.credits)).toEqual([1000, -350, -350]);
    expect(at('2026-03-02T11:30:00Z', ['tick']).json).toMatchObject({ balance: 1300 });
    expect(at('2026-03-02T12:00:01Z', ['tick']).json).toMatchObject({ paused: [], balance: 950 });
    expect(ledgerRows(dir).map((r) => [r.kind, r.credits])).toEqual([
      ['purchase', 1000],
      ['charge', -350],
      ['charge', -350],
      ['refill', 1000],
      ['charge', -350],
    ]);
  });

  it('refill settings clear from the CLI: --monthly-limit none, --card default; removing the last card turns refill off', () => {
    const dir = tempDir();
    const visa = cli(dir, ['cards', 'add', 'pm_card_visa']).json as { id: string };
    const mc = cli(dir, ['cards', 'add', 'pm_card_mastercard']).json as { id: string };
    expect(cli(dir, ['credits', 'buy', '--pack', '10']).code).toBe(0);
    expect(cli(dir, ['refill', 'set', '--threshold', '500', '--amount', '2000', '--card', mc.id, '--monthly-limit-usd', '100']).json).toMatchObject({
      enabled: true,
      cardId: mc.id,
      monthlyLimitUsd: '100.00',
    });
    expect(cli(dir, ['refill', 'set', '--threshold', '500', '--amount', '2000', '--card', mc.id]).json).toMatchObject({ monthlyLimitUsd: '100.00' });
    expect(cli(dir, ['refill', 'set', '--threshold', '500', '--amount', '2000', '--card', 'default', '--monthly-limit', 'none']).json).toMatchObject({
      enabled: true,
      cardId: null,
      monthlyLimitCredits: null,
      monthlyLimitUsd: null,
    });
    expect(cli(dir, ['refill', 'set', '--threshold', '500', '--amount', '2000', '--card', mc.id]).code).toBe(0);
    expect(cli(dir, ['cards', 'remove', mc.id]).json).toEqual({ removed: mc.id, refill: 'default_card' });
    expect(cli(dir, ['refill', 'show']).json).toMatchObject({ enabled: true, cardId: null });
    const last = runCli(['--data-dir', dir, '--now', T, 'cards', 'remove', visa.id], NO_CONFIG);
    expect(last.stdout).toMatch(/Auto-refill is now off: no saved card is left/);
    expect(cli(dir, ['refill', 'show']).json).toMatchObject({ enabled: false });
    expect(cli(dir, ['alerts', 'list']).json).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'auto_refill_disabled', title: 'Auto-refill turned off: no saved card' })]),
    );
  });

  it('a deleted sandbox file is a new Stripe account: its cards are gone, nothing is called a decline, bought credits stay', () => {
    const dir = tempDir();
    expect(cli(dir, ['cards', 'add', 'pm_card_visa']).code).toBe(0);
    expect(cli(dir, ['credits', 'buy', '--pack', '10']).code).toBe(0);
    for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('stripe-sandbox.db'))) fs.rmSync(path.join(dir, f));
    expect(cli(dir, ['cards', 'list']).json).toEqual([]);
    const buy = cli(dir, ['credits', 'buy', '--pack', '5']);
    expect([buy.code, buy.stderr]).toEqual([2, expect.stringMatching(/no saved card/)]);
    expect(cli(dir, ['cards', 'add', 'pm_card_visa']).code).toBe(0);
    expect(cli(dir, ['credits', 'buy', '--pack', '5']).json).toMatchObject({ status: 'succeeded', credits: 500 });
    expect(ledgerRows(dir).map((r) => r.credits)).toEqual([1000, 500]);
  });

  it('credits checkout without --wait answers at once with exactly {url, sessionId, credits}', () => {
    const dir = tempDir();
    const r = cli(dir, ['credits', 'checkout', '--pack', '5']);
    expect(r.code).toBe(0);
    expect(Object.keys(r.json as object).sort()).toEqual(['credits', 'sessionId', 'url']);
    // In words, the built-in sandbox's page (gone when this process exits) is not offered: the CLI way is.
    const text = runCli(['--data-dir', dir, '--now', T, 'credits', 'checkout', '--pack', '5'], NO_CONFIG).stdout;
    expect(text).toMatch(/run `burnrate sandbox pay cs_test_\w+`.* or pay in the browser with `burnrate credits checkout --wait`/);
    expect(text).not.toMatch(/http:\/\/127\.0\.0\.1/);
  });

  it('credits checkout --wait keeps the sandbox up until `sandbox pay` (another process) pays it, then prints the credited result', async () => {
    const dir = tempDir();
    const waiting = spawn(process.execPath, [BIN, '--data-dir', dir, '--now', T, '--json', 'credits', 'checkout', '--usd', '12.50', '--wait'], {
      env: { ...process.env, ...NO_CONFIG, BURNRATE_DATA_DIR: '', BURNRATE_NOW: '' },
    });
    let stdout = '';
    let stderr = '';
    waiting.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      waiting.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /Open (http:\/\/127\.0\.0\.1:\d+\/checkout\/(cs_test_\w+))/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      waiting.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    // The page is alive while the command waits.
    expect((await fetch(url)).status).toBe(200);
    const sessionId = url.split('/').pop()!;
    const paid = cli(dir, ['sandbox', 'pay', sessionId, '--card', 'pm_card_mastercard']);
    expect(paid.json).toMatchObject({ id: sessionId, status: 'complete', amount: 1250 });
    const code = await new Promise<number | null>((resolve) => waiting.on('exit', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ url, sessionId, credits: 1250, status: 'complete', paymentIntent: expect.stringMatching(/^pi_/), balance: 1250 });
    expect(ledgerRows(dir).map((r) => [r.kind, r.credits])).toEqual([['purchase', 1250]]);
    expect(cli(dir, ['sync']).json).toMatchObject({ credited: [] });
  });

  it('a purchase the bank wants confirmed is confirmed with `sandbox pay`, then credited by sync', () => {
    const dir = tempDir();
    const r = cli(dir, ['credits', 'buy', '--usd', '7', '--card', 'pm_card_authenticationRequired']);
    expect(r.json).toMatchObject({ status: 'requires_action', credits: 0, actionUrl: expect.stringMatching(/\/authenticate\/pi_/) });
    const pi = (r.json as { paymentIntent: string }).paymentIntent;
    expect(runCli(['--data-dir', dir, '--now', T, 'credits', 'buy', '--usd', '7', '--card', 'pm_card_authenticationRequired'], NO_CONFIG).stdout).toMatch(
      /burnrate sandbox pay pi_/,
    );
    expect(cli(dir, ['sandbox', 'pay', pi]).json).toMatchObject({ id: pi, status: 'succeeded', amount: 700 });
    expect(cli(dir, ['sync']).json).toMatchObject({ credited: [expect.objectContaining({ paymentIntent: pi, credits: 700 })] });
    // In words, dollars are written from whole cents, with thousands separated.
    const big = (cli(dir, ['credits', 'buy', '--usd', '1234.56', '--card', 'pm_card_authenticationRequired']).json as { paymentIntent: string }).paymentIntent;
    expect(runCli(['--data-dir', dir, '--now', T, 'sandbox', 'pay', big], NO_CONFIG).stdout).toMatch(/^3-D Secure passed: \$1,234\.56 paid \(pi_/);
  });

  it.each([
    ['an id that is neither cs_ nor pi_', ['sandbox', 'pay', 'ch_123'], /neither a Checkout Session/],
    ['a session the sandbox does not know', ['sandbox', 'pay', 'cs_test_a1unknown'], /No such checkout.session.*nothing was paid/],
    ['--fail on a Checkout', ['sandbox', 'pay', 'cs_test_a1unknown', '--fail'], /--fail is for a 3-D Secure check/],
  ])('sandbox pay refuses %s with exit 2 and one line', (_what, args, reason) => {
    const dir = tempDir();
    expect(cli(dir, ['cards', 'add', 'pm_card_visa']).code).toBe(0); // makes the data folder's sandbox file
    const r = cli(dir, args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(reason)]);
  });

  it('sandbox pay with no sandbox file says so, and makes none', () => {
    const dir = tempDir();
    const r = cli(dir, ['sandbox', 'pay', 'cs_test_a1x']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/no sandbox database/)]);
    expect(fs.existsSync(path.join(dir, 'stripe-sandbox.db'))).toBe(false);
  });

  it.each([
    ['the ledger itself', (dir: string) => path.join(dir, 'burnrate.db')],
    ['a file that is no database', (dir: string) => (fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello'), path.join(dir, 'notes.txt'))],
    ['an empty file', (dir: string) => (fs.writeFileSync(path.join(dir, 'empty.db'), ''), path.join(dir, 'empty.db'))],
  ])('sandbox pay and serve refuse --db naming %s with exit 2, and leave it as it was', (_what, make) => {
    const dir = tempDir();
    expect(cli(dir, ['status']).code).toBe(0);
    const file = make(dir);
    const before = fs.readFileSync(file);
    const r = cli(dir, ['sandbox', 'pay', 'pi_abc', '--db', file]);
    expect([r.code, r.stderr.trim().split('\n')]).toEqual([2, [expect.stringMatching(/is not a Stripe sandbox database: nothing was paid/)]]);
    if (before.length > 0) {
      const s = cli(dir, ['sandbox', 'serve', '--port', '0', '--db', file]);
      expect([s.code, s.stderr]).toEqual([2, expect.stringMatching(/is not a Stripe sandbox database/)]);
    }
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a live key with the reason, and changes nothing', () => {
    const dir = tempDir();
    const r = cli(dir, ['cards', 'add', 'pm_card_visa'], { STRIPE_SECRET_KEY: 'sk_live_abc123' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/accepted only by a team server/);
  });
});
