import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import { runCli } from '../support/run-cli.js';
import { type PostgresCluster, type TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * The team server scrapes its orgs' deployments' vLLM `/metrics` on its own,
 * under the scheduler's lease: two server processes on one database, a real
 * HTTP metrics endpoint whose request counter moves by 7 each time it is
 * read, and nobody connected once the URL is set.
 */
const EVERY_MS = 900;
const STEP = 7;
let cluster: PostgresCluster;
let db: TestDatabase;
let admin: SyncConnection;
let receiver: http.Server;
let counter = 1000;
/** When the endpoint was read, in order (the receiver's clock). */
const hits: number[] = [];
/** Each value the endpoint served, in order. */
const served: number[] = [];
let servers: ServerProcess[] = [];

async function ok<T>(server: ServerProcess, token: string, name: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const parsed = (await res.json()) as { result?: T };
  if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(parsed)}`);
  return parsed.result as T;
}

/** Waits until `check` holds; after 60 s fails with what the endpoint and the servers saw. */
async function until(check: () => boolean): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (!check()) {
    if (performance.now() > deadline)
      throw new Error(`gave up waiting: ${hits.length} reads (${served.join(', ')})\n${servers.map((s) => s.output().stderr.slice(-2000)).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the org's scrapes recorded, in one statement (one snapshot): the requests counted, and the target's last reading. */
function recorded(orgId: number, deploymentId: number): { requests: number; lastValue: number } {
  const row = admin.get<{ n: string; v: number | null }>(
    `SELECT (SELECT coalesce(sum(requests), 0) FROM usage_hours WHERE org_id = $1 AND deployment_id = $2 AND source = 'scrape')::text AS n,
            (SELECT last_value FROM usage_scrape_targets WHERE org_id = $1 AND deployment_id = $2) AS v`,
    [orgId, deploymentId],
  )!;
  return { requests: Number(row.n), lastValue: row.v ?? 0 };
}

/** Gaps between reads much shorter than the period: two processes scraping the same endpoint each on its own. */
const shortGaps = (from: number) => hits.slice(from + 1).filter((t, i) => t - hits[from + i]! < 0.6 * EVERY_MS).length;

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  admin = SyncConnection.open(db.adminUrl);
  receiver = http.createServer((_req, res) => {
    counter += STEP;
    hits.push(performance.now());
    served.push(counter);
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(`# TYPE vllm:request_success_total counter\nvllm:request_success_total{finished_reason="stop",model_name="llama-3-8b"} ${counter}\n`);
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const env = { BURNRATE_DATABASE_URL: db.url, BURNRATE_SERVER_TICK_MS: '300', BURNRATE_SERVER_SCRAPE_MS: String(EVERY_MS) };
  servers = await Promise.all([0, 1].map(() => startServerProcess([], env)));
}, 240_000);

afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) await s.stop();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  admin?.close();
  await cluster?.stop();
}, 120_000);

describe("the server's usage scrape: under the scheduler's lease, with nobody connected", () => {
  it('one of two processes scrapes every period; each increase is counted once; the other takes over when it stops', async () => {
    const r = runCli(['server', 'org', 'create', '--name', 'Metrics', '--admin-email', 'me@metrics.test', '--json'], { BURNRATE_DATABASE_URL: db.url });
    expect(r.code, r.stderr).toBe(0);
    const org = r.json as { orgId: number; token: string };
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const { id } = await ok<{ id: number }>(a, org.token, 'deployments/create', {
      name: 'chat',
      model: 'llama-3-8b',
      paramsB: 8,
      precision: 'fp16',
      tier: 'S',
    });
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/metrics`;
    await ok(b, org.token, 'usage/setTarget', { deploymentId: id, url });

    // No request from here on: only the servers' schedulers read the endpoint.
    await until(() => hits.length >= 6);
    // A period apart: one process scrapes (two on their own would read it about twice a period).
    expect(shortGaps(0), `gaps ${hits.map((t, i) => (i ? Math.round(t - hits[i - 1]!) : 0)).join(', ')}`).toBe(0);
    // Every increase after the first reading (the baseline) counted once: nothing lost, nothing twice.
    const seen = served[5]!;
    await until(() => recorded(org.orgId, id).lastValue >= seen);
    const first = recorded(org.orgId, id);
    expect(first.requests).toBe(first.lastValue - served[0]!);
    const leases = admin.all<{ holder: string }>('SELECT holder FROM scheduler_leases WHERE org_id = $1', [org.orgId]);
    expect(leases).toHaveLength(1);
    const holder = servers.find((s) => s.child.pid === Number(leases[0]!.holder.split(':')[1]))!;
    expect(holder).toBeDefined();

    // The holder stops cleanly (giving its lease up): the other process goes on scraping, from the stored reading.
    const before = hits.length;
    expect(await holder.stop()).toBe(0);
    await until(() => hits.length >= before + 4);
    // From the second read on (the first may be the stopping holder's last, the next its successor's first).
    expect(shortGaps(before + 1)).toBe(0);
    const later = served[before + 3]!;
    await until(() => recorded(org.orgId, id).lastValue >= later);
    const second = recorded(org.orgId, id);
    expect(second.requests).toBe(second.lastValue - served[0]!);
    for (const s of servers) expect(s.output().stderr).toBe('');
  }, 120_000);
});
