import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../../main/host/cli/main.js';

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCliInProcess(args, env, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

// Nothing listens on port 1: a refusal that got as far as connecting would say ECONNREFUSED instead.
const NO_DB = { BURNRATE_DATABASE_URL: 'postgres://u:p@127.0.0.1:1/none' };

describe('burnrate server: what is refused before anything starts (exit 2, one line)', () => {
  it.each([
    ['no database', ['server'], {}, 'burnrate: the team server needs its PostgreSQL database: set BURNRATE_DATABASE_URL (or pass --database-url)'],
    [
      'a database URL that is not postgres://',
      ['server', '--database-url', 'mysql://x/y'],
      {},
      'burnrate: the database URL is postgres://user:password@host:port/database',
    ],
    ['a port out of range', ['server', '--port', '65536'], NO_DB, 'burnrate: --port must be between 0 and 65,535, got 65536'],
    [
      'a port from the env that is not a number',
      ['server'],
      { ...NO_DB, BURNRATE_SERVER_PORT: 'http' },
      "burnrate: BURNRATE_SERVER_PORT must be a whole number, got 'http'",
    ],
    [
      'org create without a database',
      ['server', 'org', 'create', '--name', 'Acme', '--admin-email', 'a@acme.test'],
      {},
      'burnrate: the team server needs its PostgreSQL database: set BURNRATE_DATABASE_URL (or pass --database-url)',
    ],
    [
      'org create with a bad email',
      ['server', 'org', 'create', '--name', 'Acme', '--admin-email', 'nobody'],
      NO_DB,
      'burnrate: --admin-email "nobody" is not an email address',
    ],
    [
      'org create with an empty name',
      ['server', 'org', 'create', '--name', ' ', '--admin-email', 'a@acme.test'],
      NO_DB,
      'burnrate: an org name is 1–100 characters',
    ],
    [
      'org create with a control character in the name',
      ['server', 'org', 'create', '--name', 'Ac\u001bme', '--admin-email', 'a@acme.test'],
      NO_DB,
      'burnrate: an org name cannot contain control or invisible formatting characters (found U+001B)',
    ],
  ])('%s', async (_what, args, env, line) => {
    const r = await run(args, env);
    expect([r.code, r.stderr, r.stdout]).toEqual([2, `${line}\n`, '']);
  });

  it('the database URL may come after the subcommand: `server org create --database-url URL`', async () => {
    const r = await run([
      'server',
      'org',
      'create',
      '--database-url',
      'postgres://u:secret@127.0.0.1:1/none',
      '--name',
      'Acme',
      '--admin-email',
      'a@acme.test',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^burnrate: cannot use the database: .*ECONNREFUSED/);
    expect(r.stderr).not.toContain('secret');
  });

  it('a refused start leaves no signal listener behind', async () => {
    const before = process.listenerCount('SIGTERM');
    await run(['server', '--port', '0'], NO_DB);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
