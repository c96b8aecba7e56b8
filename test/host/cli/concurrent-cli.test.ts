import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/engine-fixture.js';
import { type CliResult, runCli } from '../../support/run-cli.js';

const BIN = path.resolve(import.meta.dirname, '../../../bin/burnrate.mjs');

/** Runs `burnrate` without waiting, so several share the ledger at once (the app and a script would). */
function runCliAsync(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, BURNRATE_DATA_DIR: '', BURNRATE_NOW: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, json: undefined }));
  });
}

// Real processes, each a Node start: on a loaded machine eight of them can take
// a minute, which says nothing about the rule under test.
const PROCESS_TIMEOUT = 300_000;

describe('commands running at the same time on one ledger', () => {
  it(
    'eight coupon redemptions at once all succeed, each credited once',
    async () => {
      const dir = tempDir();
      const at = ['--data-dir', dir, '--now', '2026-03-02T09:00:00Z'];
      for (let i = 0; i < 8; i++) expect(runCli([...at, 'coupon', 'create', `PAR${i}`, '--credits', String(100 + i)]).code).toBe(0);
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => runCliAsync([...at, 'coupon', 'redeem', `PAR${i}`])));
      expect(results.map((r) => [r.code, r.stderr.trim()])).toEqual(results.map(() => [0, '']));
      const status = runCli([...at, '--json', 'status']).json as { balance: number };
      expect(status.balance).toBe(8 * 100 + 28);
    },
    PROCESS_TIMEOUT,
  );

  it(
    'four catch-ups of the same 30 days at once charge every hour exactly once',
    async () => {
      const dir = tempDir();
      const t0 = ['--data-dir', dir, '--now', '2026-03-02T09:00:00Z'];
      expect(runCli([...t0, 'coupon', 'create', 'BIG', '--credits', '1000000']).code).toBe(0);
      expect(runCli([...t0, 'coupon', 'redeem', 'BIG']).code).toBe(0);
      for (const name of ['a', 'b']) {
        expect(runCli([...t0, 'deploy', 'create', '--name', name, '--model', 'llama-3-8b', '--params', '8', '--precision', 'fp16', '--tier', 'S']).code).toBe(
          0,
        );
      }
      expect(runCli([...t0, 'deploy', 'start', '1']).code).toBe(0);
      expect(runCli([...t0, 'deploy', 'start', '2']).code).toBe(0);
      const later = ['--data-dir', dir, '--now', '2026-04-01T09:00:00Z'];
      const ticks = await Promise.all(Array.from({ length: 4 }, () => runCliAsync([...later, '--json', 'tick'])));
      expect(ticks.map((r) => [r.code, r.stderr.trim()])).toEqual(ticks.map(() => [0, '']));
      // 09:00 on 2 March through 08:00 on 1 April: 720 hours each, charged once whichever tick got there first.
      const charged = ticks.reduce((n, r) => n + (JSON.parse(r.stdout) as { charged: unknown[] }).charged.length, 0);
      expect(charged).toBe(2 * 719);
      const ledger = runCli([...later, '--json', 'ledger']).json as { kind: string }[];
      expect(ledger.filter((e) => e.kind === 'charge')).toHaveLength(2 * 720);
    },
    PROCESS_TIMEOUT,
  );
});
