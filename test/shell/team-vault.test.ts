import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafeStorageTeamVault, TEAM_VAULT_FILE } from '../../main/shell/team-vault.js';
import { fakeCipher } from '../support/fake-cipher.js';

const conn = { url: 'https://burnrate.acme.test', token: `brt_${'t'.repeat(43)}` };
const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'team-vault-'));

describe("the desktop's team server connection, kept by safeStorage", () => {
  it('is remembered across restarts, encrypted (0600, the token not in the file), and forgotten on clear', () => {
    const d = dir();
    new SafeStorageTeamVault(d, fakeCipher()).write(conn);
    const file = path.join(d, TEAM_VAULT_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'latin1')).not.toContain(conn.token);
    // A new vault is a restarted app.
    const again = new SafeStorageTeamVault(d, fakeCipher());
    expect(again.read()).toEqual(conn);
    again.clear();
    expect([fs.existsSync(file), new SafeStorageTeamVault(d, fakeCipher()).read()]).toEqual([false, null]);
  });

  it('a file this system can no longer decrypt (another user, a new keyring) reads as no connection', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, TEAM_VAULT_FILE), 'not encrypted by this system');
    expect(new SafeStorageTeamVault(d, fakeCipher()).read()).toBeNull();
  });

  it('without any OS encryption it is kept for this run only and never written in the clear', () => {
    const d = dir();
    const lines: string[] = [];
    const vault = new SafeStorageTeamVault(d, fakeCipher(false), (l) => lines.push(l));
    vault.write(conn);
    expect(vault.read()).toEqual(conn);
    expect(fs.existsSync(path.join(d, TEAM_VAULT_FILE))).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/kept for this run only/)]);
    expect(lines.join('')).not.toContain(conn.token);
    expect(new SafeStorageTeamVault(d, fakeCipher(false)).read()).toBeNull();
  });

  it("on Linux without a keyring (safeStorage's basic_text, a public key) it is kept for this run only, not written", () => {
    const d = dir();
    const lines: string[] = [];
    const vault = new SafeStorageTeamVault(d, fakeCipher(true, 'basic_text'), (l) => lines.push(l), 'linux');
    vault.write(conn);
    expect(vault.read()).toEqual(conn);
    expect(fs.existsSync(path.join(d, TEAM_VAULT_FILE))).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/no keyring/)]);
    // A file an older version wrote that way is not trusted either.
    new SafeStorageTeamVault(d, fakeCipher()).write(conn);
    expect(new SafeStorageTeamVault(d, fakeCipher(true, 'basic_text'), () => undefined, 'linux').read()).toBeNull();
  });

  it('a file left with wider permissions is narrowed to 0600 when written', () => {
    const d = dir();
    const file = path.join(d, TEAM_VAULT_FILE);
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    new SafeStorageTeamVault(d, fakeCipher()).write(conn);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
