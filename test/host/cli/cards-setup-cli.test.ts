import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/engine-fixture.js';
import { runCli } from '../../support/run-cli.js';

const T = '2026-03-02T09:00:00Z';
const BIN = path.resolve(import.meta.dirname, '../../../bin/burnrate.mjs');
/** No key and no API URL: the built-in sandbox, as a new user gets it. */
const NO_CONFIG = { STRIPE_SECRET_KEY: '', BURNRATE_STRIPE_API: '', BURNRATE_CRASH_AT: '' };

function cli(dir: string, args: string[]) {
  return runCli(['--data-dir', dir, '--now', T, '--json', ...args], NO_CONFIG);
}

/** Posts the sandbox's setup page as the browser does when the customer presses "Save card". */
async function submitPage(url: string, form: Record<string, string>): Promise<number> {
  const res = await fetch(`${url}/pay`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  await res.text();
  return res.status;
}

describe('cards setup: adding a card in the browser from the CLI (built-in sandbox)', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('--wait keeps the setup page up through a declined try, then prints the card saved on the page', async () => {
    const dir = fresh();
    const waiting = spawn(process.execPath, [BIN, '--data-dir', dir, '--now', T, '--json', 'cards', 'setup', '--wait'], {
      env: { ...process.env, ...NO_CONFIG, BURNRATE_DATA_DIR: '', BURNRATE_NOW: '' },
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => waiting.on('exit', resolve));
    waiting.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const seen = (re: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const m = re.exec(stderr);
          if (m) resolve(m);
        };
        waiting.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          check();
        });
        check();
        void exited.then(() => reject(new Error(`exited early: ${stderr}`)));
      });
    const url = (await seen(/Open (http:\/\/127\.0\.0\.1:\d+\/checkout\/cs_test_\w+)/))[1]!;
    const sessionId = url.split('/').pop()!;
    // The page is the sandbox's setup page, alive while the command waits.
    expect(await (await fetch(url)).text()).toContain('Save a card');

    // The card number typed in the app before, now typed on the page: declined, and the wait goes on.
    expect(await submitPage(url, { card_number: '4000000000000002' })).toBe(402);
    await seen(/Your bank declined the card\. Try another card, or ask your bank why\. \(The page is still open/);

    expect(await submitPage(url, { payment_method: 'pm_card_visa' })).toBe(303);
    expect(await exited).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      id: expect.stringMatching(/^pm_/),
      brand: 'visa',
      last4: '4242',
      funding: 'credit',
      expMonth: 12,
      expYear: expect.any(Number),
      default: true,
      sessionId,
    });
    expect(cli(dir, ['cards', 'list']).json).toEqual([expect.objectContaining({ brand: 'visa', last4: '4242', default: true })]);
  }, 300_000);

  it('without --wait answers {url, sessionId}; `sandbox pay` saves the card on the file and `sync` brings it in', () => {
    const dir = fresh();
    const r = cli(dir, ['cards', 'setup']);
    expect(r.code).toBe(0);
    expect(Object.keys(r.json as object).sort()).toEqual(['sessionId', 'url']);
    const { sessionId } = r.json as { sessionId: string };
    // In words, the built-in sandbox's page (gone when this process exits) is not offered: the CLI way is.
    const text = runCli(['--data-dir', dir, '--now', T, 'cards', 'setup'], NO_CONFIG).stdout;
    expect(text).toMatch(/run `burnrate sandbox pay cs_test_\w+ \[--card pm_card_…\]`.* or add it in the browser with `burnrate cards setup --wait`/);

    const paid = cli(dir, ['sandbox', 'pay', sessionId, '--card', 'pm_card_mastercard']);
    expect(paid.json).toMatchObject({ id: sessionId, status: 'complete', paymentIntent: null, setupIntent: expect.stringMatching(/^seti_/) });
    const synced = cli(dir, ['sync']);
    expect(synced.json).toMatchObject({ cardsAdded: [{ id: expect.stringMatching(/^pm_/), brand: 'mastercard', last4: '4444' }] });
    expect(cli(dir, ['cards', 'list']).json).toEqual([expect.objectContaining({ brand: 'mastercard', last4: '4444', default: true })]);
    expect(cli(dir, ['credits', 'buy', '--pack', '5']).json).toMatchObject({ status: 'succeeded', credits: 500 });
  }, 300_000);

  it('a declined card at `sandbox pay` exits 2 in plain words and saves nothing', () => {
    const dir = fresh();
    const { sessionId } = cli(dir, ['cards', 'setup']).json as { sessionId: string };
    const r = cli(dir, ['sandbox', 'pay', sessionId, '--card', 'pm_card_visa_chargeDeclinedInsufficientFunds']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('burnrate: Your bank declined the card (insufficient funds). Try another card or add funds. Nothing was paid or saved.');
    expect(cli(dir, ['sync']).json).toMatchObject({ cardsAdded: [] });
    expect(cli(dir, ['cards', 'list']).json).toEqual([]);
  }, 300_000);
});
