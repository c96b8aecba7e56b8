import Database from 'better-sqlite3';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandTree, runCli } from './fuzz/cli-in-process.js';
import { fingerprint } from './fuzz/fingerprint.js';
import { NASTY_STRINGS } from './fuzz/hostile.js';
import { seeded } from '../support/property-seed.js';

// BURNRATE_FUZZ_RUNS=10000 for the full run; CI runs a slice. Each run opens the data folder, as the CLI does.
const RUNS = Number(process.env.BURNRATE_FUZZ_RUNS ?? 1500);
// Commands that reach the network, serve forever, or read and write files by a given path.
const EXCLUDED = ['sandbox serve', 'usage scrape', 'usage import', 'export'];
const NOW = '2026-03-03T09:00:00Z';
let dir: string;
let db: Database.Database;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-fuzz-'));
  const base = ['--data-dir', dir, '--now', NOW];
  for (const a of [
    ['coupon', 'create', 'FUZZ', '--credits', '50000'],
    ['coupon', 'redeem', 'FUZZ'],
    ['deploy', 'create', '--name', 'f', '--model', 'm', '--params', '7', '--precision', 'fp16', '--tier', 'S'],
    ['deploy', 'start', '1'],
  ]) {
    const r = await runCli([...base, ...a]);
    if (r.code !== 0) throw new Error(`setup ${a.join(' ')}: ${r.stderr}`);
  }
  db = new Database(path.join(dir, 'burnrate.db'), { readonly: true });
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const commands = commandTree().filter((c) => !EXCLUDED.includes(c.path.join(' ')) && c.path[0] !== 'help');
const word = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 100)),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer().map(String),
  fc.constantFrom('1', '2', '0', '-5', 'S', 'fp16', '5', '20'),
);
const argv = fc
  .record({
    cmd: fc.constantFrom(...commands),
    words: fc.array(word, { maxLength: 4 }),
    opts: fc.array(fc.tuple(fc.nat(), word), { maxLength: 4 }),
    json: fc.boolean(),
  })
  .map(({ cmd, words, opts, json }) => [
    ...cmd.path,
    ...words,
    ...opts.flatMap(([i, v]) => (cmd.flags.length ? [cmd.flags[i % cmd.flags.length]!, v] : [v])).filter((f) => f !== '--now' && f !== '--data-dir'),
    ...(json ? ['--json'] : []),
  ]);

describe('CLI commands under hostile arguments', () => {
  it(`${RUNS} generated invocations: exit 0 or 2 (never an internal error), one clear line, nothing changed by a refusal`, async () => {
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        const before = fingerprint(db);
        const r = await runCli(['--data-dir', dir, '--now', NOW, ...args]);
        expect([0, 2], `${args.join(' ')}\n${r.stderr}`).toContain(r.code);
        if (r.code === 2) {
          expect(r.stderr).toMatch(/^burnrate: \S/);
          expect(fingerprint(db)).toBe(before);
          if (args.includes('--json')) expect(() => JSON.parse(r.stdout)).not.toThrow();
        }
      }),
      seeded({ numRuns: RUNS }),
    );
  }, 600_000);
});
