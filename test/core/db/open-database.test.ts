import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { streamCsv } from '../../../main/core/reports/csv-stream.js';
import { Store } from '../../../main/stripe-sandbox/store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-files-'));
  dirs.push(d);
  return d;
}
const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe('the data folder and every database file are owner-only', () => {
  it('a new data folder (and its missing parents) is 0700; burnrate.db, -wal and -shm are 0600', () => {
    const dir = path.join(tempDir(), 'a', 'Burnrate');
    const db = openDatabase(dir);
    try {
      expect(mode(dir)).toBe(0o700);
      expect(mode(path.dirname(dir))).toBe(0o700);
      for (const f of ['burnrate.db', 'burnrate.db-wal', 'burnrate.db-shm']) expect([f, mode(path.join(dir, f))]).toEqual([f, 0o600]);
    } finally {
      db.close();
    }
  });

  it('an existing ledger left readable by others (an older version) is narrowed to 0600', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    fs.chmodSync(path.join(dir, 'burnrate.db'), 0o644);
    const db = openDatabase(dir);
    try {
      expect(mode(path.join(dir, 'burnrate.db'))).toBe(0o600);
      expect(mode(path.join(dir, 'burnrate.db-wal'))).toBe(0o600);
    } finally {
      db.close();
    }
  });

  it('the sandbox database it makes is 0600 too', () => {
    const file = path.join(tempDir(), 'sandbox', 'stripe-sandbox.db');
    const store = new Store(file);
    try {
      expect(mode(file)).toBe(0o600);
      expect(mode(path.dirname(file))).toBe(0o700);
    } finally {
      store.db.close();
    }
  });

  it("an export's temporary file is 0600 while it is written", async () => {
    const file = path.join(tempDir(), '.export.csv.tmp');
    await streamCsv(file, [[1]], { header: ['a'] });
    expect(mode(file)).toBe(0o600);
  });
});

describe('a ledger file that is not one is refused with what to do, and left as it is', () => {
  it.each([
    ['empty (0 bytes)', Buffer.alloc(0), 'empty_database', /is empty \(0 bytes\), so it holds no ledger: restore it from a backup, or move it away/],
    [
      'text',
      Buffer.from('hello, this is not a database\n'.repeat(200)),
      'corrupt_database',
      /is not a readable Burnrate ledger .*restore it from a backup, or move it away/,
    ],
    [
      'a PNG image',
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(8192, 7)]),
      'corrupt_database',
      /not a readable Burnrate ledger/,
    ],
    [
      'a SQLite header over garbage pages',
      Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8192 - 16, 0xab)]),
      'corrupt_database',
      /not a readable Burnrate ledger/,
    ],
  ])('%s', (_what, bytes, code, message) => {
    const dir = tempDir();
    const file = path.join(dir, 'burnrate.db');
    fs.writeFileSync(file, bytes);
    expect(() => openDatabase(dir)).toThrow(expect.objectContaining({ name: 'RefusedError', code, message: expect.stringMatching(message) }));
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f !== 'burnrate.db' && f !== 'burnrate.db-shm' && f !== 'burnrate.db-wal')).toEqual([]);
  });
});
