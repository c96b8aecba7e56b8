import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

// Setup file (vitest.config.ts): each test file gets its own temporary root and
// removes it when the file ends. os.tmpdir() reads TMPDIR, so every temporary
// folder the file makes — through tempDir(), fs.mkdtempSync(os.tmpdir()...),
// or in a child process or worker thread that inherits the env — lands inside
// it and goes with it, even when a test fails before its own cleanup.
// The process's own temporary folder, read once: files share a process (vitest.config.ts), and a
// file whose afterAll never ran (a hook that timed out) must not make the next file's root its child.
const g = globalThis as { burnrateOuterTmp?: string };
const outer = (g.burnrateOuterTmp ??= os.tmpdir());
const root = fs.mkdtempSync(path.join(outer, 'burnrate-test-file-'));
process.env.TMPDIR = root;

afterAll(() => {
  process.env.TMPDIR = outer;
  fs.rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});
