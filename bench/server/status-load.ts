import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { exited, startServerProcess } from '../../test/support/server-process.js';

/** One load run: latency percentiles in ms and requests per second. */
export interface LoadFigures {
  p50Ms: number;
  p99Ms: number;
  requestsPerSec: number;
  requests: number;
  /** Answers that were not 2xx, plus connection errors and timeouts: a run with any is not a clean figure. */
  failures: number;
}

/** `status` under load, with the two baselines run with the same load in the same run. */
export interface StatusLoadFigures {
  connections: number;
  /** Requests per run (the same for the baselines). */
  amount: number;
  status: LoadFigures;
  health: LoadFigures;
  selectOne: LoadFigures;
}

async function load(url: string, connections: number, amount: number, headers: Record<string, string> = {}, method = 'POST'): Promise<LoadFigures> {
  const body = method === 'POST' ? '{}' : undefined;
  const h = method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers;
  // autocannon's default 10 s timeout would count a slow answer on a loaded machine as a failure: wait up to 5 minutes.
  const common = { url, method, headers: h, timeout: 300, ...(body ? { body } : {}) };
  // Warm-up on one connection (the org's engine opened, JIT warm). A warm-up at full load would leave a
  // backlog of queued calls that the measured run then waits behind.
  await autocannon({ ...common, connections: 1, amount: 3 });
  // A fixed number of requests rather than a duration: every one is answered and counted, however slow.
  const r = await autocannon({ ...common, connections, amount });
  return {
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requestsPerSec: r.requests.average,
    requests: r.requests.total,
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

/** Starts bench/server/select-one-server.mjs and waits for its URL. */
function startSelectOne(databaseUrl: string): Promise<{ url: string; stop: () => Promise<unknown> }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'select-one-server.mjs')], {
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the SELECT 1 server exited (${code}) before it listened`)));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^(http:\/\/\S+)$/m.exec(out);
      if (m) {
        child.removeAllListeners('exit');
        resolve({
          url: m[1]!,
          stop: () => {
            const done = exited(child);
            child.kill('SIGTERM');
            return done;
          },
        });
      }
    });
  });
}

/**
 * `burnrate server` (one process, the machine's clock) on the bench database:
 * `connections` clients post `amount` `billing/status` calls (3 each) with
 * the org's admin token (each request: token lookup, settle with nothing due,
 * the status read). Baselines under the same load in the same run: the same
 * process's `GET /health` (no database), and a plain HTTP server answering
 * each request with one `SELECT 1` on one async `pg` connection.
 */
export async function benchStatusLoad(databaseUrl: string, token: string, connections = 64, amount = 192): Promise<StatusLoadFigures> {
  const server = await startServerProcess([], { BURNRATE_DATABASE_URL: databaseUrl });
  let status: LoadFigures;
  let health: LoadFigures;
  try {
    status = await load(`${server.url}/api/billing/status`, connections, amount, { authorization: `Bearer ${token}` });
    health = await load(`${server.url}/health`, connections, amount, {}, 'GET');
  } finally {
    await server.stop();
  }
  const raw = await startSelectOne(databaseUrl);
  let selectOne: LoadFigures;
  try {
    selectOne = await load(raw.url, connections, amount);
  } finally {
    await raw.stop();
  }
  return { connections, amount, status, health, selectOne };
}
