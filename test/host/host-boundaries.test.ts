import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

/** Every .ts/.tsx/.mjs file under `dir` (relative to the project), recursively. */
function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, encoding: 'utf8' }).flatMap((f) => (/\.(ts|tsx|mjs)$/.test(f) ? [path.join(dir, f)] : []));
}

/** `file:line: text` for every line of `files` matching one of `patterns`. */
function offenders(files: readonly string[], patterns: readonly RegExp[]): string[] {
  return files.flatMap((f) =>
    fs
      .readFileSync(path.join(ROOT, f), 'utf8')
      .split('\n')
      .flatMap((line, i) => (patterns.some((p) => p.test(line)) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
  );
}

/** Statements a host would run on the ledger itself, and SQL text. */
const RAW_SQL = [/\bdb\.prepare\(/, /\bSELECT\b.*\bFROM\b/, /\bINSERT\s+INTO\b/, /\bUPDATE\s+\w+\s+SET\b/, /\bDELETE\s+FROM\b/];

/** What Payments used to expose for hosts to reach into (`services.payments.store.get(…)`). */
const COLLABORATORS = ['store', 'cards', 'account', 'notices', 'recorder', 'refill', 'cardSetups', 'syncer', 'binding', 'session', 'purchases', 'parts'];
const PAYMENTS_CHAIN = new RegExp(`\\bpayments\\??\\.(${COLLABORATORS.join('|')})\\??\\.`);

describe('hosts reach the engine through the core stores and facades', () => {
  it('no raw SQL in main/host or main/shell: their data comes from core store methods', () => {
    expect(offenders([...sources('main/host'), ...sources('main/shell')], RAW_SQL)).toEqual([]);
  });

  it("no host, shell, script or test outside the payments module's own reaches into Payments' collaborators", () => {
    const files = ['main/host', 'main/shell', 'main/compose', 'scripts', 'bench', 'test']
      .flatMap(sources)
      .filter((f) => !f.startsWith(path.join('test', 'core', 'payments')) && f !== path.join('test', 'host', 'host-boundaries.test.ts'));
    expect(offenders(files, [PAYMENTS_CHAIN])).toEqual([]);
  });

  it('the patterns find what they are meant to (a check that can fail)', () => {
    expect(RAW_SQL.some((p) => p.test("engine.db.prepare('SELECT at FROM alerts WHERE id = ?')"))).toBe(true);
    expect(PAYMENTS_CHAIN.test('services.payments.store.bySession(id)')).toBe(true);
    expect(PAYMENTS_CHAIN.test('services.payments.savedCards()')).toBe(false);
  });
});
