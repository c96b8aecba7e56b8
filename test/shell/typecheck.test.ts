import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');

describe('the shell and the preload', () => {
  it('type-check against the electron package typings (no Electron binary needed)', () => {
    // Resolving the typings proves they are installed even though the binary is not.
    expect(require.resolve('electron/electron.d.ts')).toMatch(/electron\.d\.ts$/);
    const tsc = require.resolve('typescript/bin/tsc');
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.shell.json'), '--noEmit'], { cwd: root, encoding: 'utf8' });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe('');
  }, 240_000);
});
