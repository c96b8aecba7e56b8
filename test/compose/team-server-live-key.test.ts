import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import type { PostgresCluster, TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';
import { startServerProcess } from '../support/server-process.js';

/**
 * Live Stripe keys belong on the team server, and only there (issue 13): the
 * server starts with one, checks it with one harmless call (which fails
 * cleanly with no network), and says so without printing the key; a desktop
 * (the CLI alone) still refuses it with a line that points at a team server.
 */
const LIVE = `sk_live_${'a1B2c3D4'.repeat(4)}`;
let cluster: PostgresCluster;
let db: TestDatabase;

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
}, 300_000);
afterAll(async () => {
  await cluster?.stop();
});

describe('a live Stripe key', () => {
  it('is accepted by the team server, which checks it with Stripe and never prints it', async () => {
    const created = runCli(['server', 'org', 'create', '--name', 'acme', '--admin-email', 'ada@acme.test', '--json'], { BURNRATE_DATABASE_URL: db.url });
    expect(created.code).toBe(0);
    const { token } = created.json as { token: string };
    // Nowhere to reach: the check's call fails at once, the server runs on.
    const server = await startServerProcess([], {
      BURNRATE_DATABASE_URL: db.url,
      STRIPE_SECRET_KEY: LIVE,
      BURNRATE_STRIPE_API: '',
      HTTPS_PROXY: '',
      https_proxy: '',
    });
    try {
      while (!/payments: .*live Stripe key \(…c3D4\)/.test(server.output().stderr)) await new Promise((r) => setTimeout(r, 100));
      expect(server.output().stderr).toMatch(/could not reach Stripe to check the live Stripe key \(…c3D4\)|Stripe refused the live Stripe key \(…c3D4\)/);
      const res = await fetch(`${server.url}/api/payments/getMode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{}',
      });
      expect(((await res.json()) as { result: { mode: string } }).result.mode).toBe('stripe_live');
      expect(`${server.output().stdout}${server.output().stderr}`).not.toContain(LIVE);
    } finally {
      await server.stop();
    }
  }, 240_000);

  it('a malformed key stops the server at start (exit 2), naming the rule, not the key', () => {
    const r = runCli(['server', '--port', '0'], { BURNRATE_DATABASE_URL: db.url, STRIPE_SECRET_KEY: 'pk_live_oops', BURNRATE_STRIPE_API: '' });
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/test secret key|accepted only/)]);
  });

  it('is refused by a desktop alone, with a line that says to use a team server', () => {
    const r = runCli(['--json', 'cards', 'add', 'pm_card_visa'], { STRIPE_SECRET_KEY: LIVE, BURNRATE_STRIPE_API: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/accepted only by a team server/);
    expect(r.stderr).not.toContain(LIVE);
  });
});
