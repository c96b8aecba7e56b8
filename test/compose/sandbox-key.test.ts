/**
 * The app's own sandbox key: one per data folder, made on first use, stored
 * 0600, and replaced when the file cannot be trusted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_KEY_FILE, sandboxSecretKey } from '../../main/compose/sandbox-key.js';

const POSIX = process.platform !== 'win32';
let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-sandbox-key-'));
  file = path.join(dir, SANDBOX_KEY_FILE);
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('sandboxSecretKey', () => {
  it('is made on first use as a long random test key, in a file only the user can read, and kept', () => {
    const key = sandboxSecretKey(dir);
    expect(key).toMatch(/^sk_test_[0-9a-f]{48}$/);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(key);
    if (POSIX) expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(sandboxSecretKey(dir)).toBe(key);
    // Nothing is left behind but the key file.
    expect(fs.readdirSync(dir)).toEqual([SANDBOX_KEY_FILE]);
  });

  it('differs between data folders, and :memory: gets a fresh one each time that is never stored', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-sandbox-key-'));
    try {
      expect(sandboxSecretKey(other)).not.toBe(sandboxSecretKey(dir));
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
    expect(sandboxSecretKey(':memory:')).not.toBe(sandboxSecretKey(':memory:'));
  });

  const untrusted: [what: string, content: string, mode: number][] = [
    ['empty', '', 0o600],
    ['not a key', 'hello\n', 0o600],
    ['a short key', 'sk_test_abc\n', 0o600],
    ['a live key', `sk_live_${'a'.repeat(48)}\n`, 0o600],
    ...(POSIX
      ? ([
          ['readable by others', `sk_test_${'a'.repeat(48)}\n`, 0o644],
          ['readable by the group', `sk_test_${'b'.repeat(48)}\n`, 0o640],
        ] as [string, string, number][])
      : []),
  ];
  it.each(untrusted)('a file that is %s is replaced by a new key, 0600', (_what, content, mode) => {
    fs.writeFileSync(file, content, { mode });
    fs.chmodSync(file, mode);
    const key = sandboxSecretKey(dir);
    expect(key).toMatch(/^sk_test_[0-9a-f]{48}$/);
    expect(key).not.toBe(content.trim());
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(key);
    if (POSIX) expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it.runIf(POSIX)('a symlink in its place is not followed: it is replaced by a file of our own', () => {
    const elsewhere = path.join(dir, 'elsewhere');
    fs.writeFileSync(elsewhere, `sk_test_${'d'.repeat(48)}\n`, { mode: 0o600 });
    fs.symlinkSync(elsewhere, file);
    const key = sandboxSecretKey(dir);
    expect(key).not.toBe(`sk_test_${'d'.repeat(48)}`);
    expect(fs.lstatSync(file).isFile()).toBe(true);
    expect(fs.readFileSync(elsewhere, 'utf8').trim()).toBe(`sk_test_${'d'.repeat(48)}`);
  });

  it.runIf(POSIX && process.getuid?.() !== 0)('a data folder it cannot write still gets a key (for this process only)', () => {
    fs.chmodSync(dir, 0o500);
    try {
      expect(sandboxSecretKey(dir)).toMatch(/^sk_test_[0-9a-f]{48}$/);
      expect(fs.existsSync(file)).toBe(false);
    } finally {
      fs.chmodSync(dir, 0o700);
    }
  });
});
