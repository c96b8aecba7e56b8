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
  durationS: number;
  status: LoadFigures;
  health: LoadFigures;
  selectOne: LoadFigures;
}

async function load(url: string, connections: number, duration: number, headers: Record<string, string> = {}, method = 'POST'): Promise<LoadFigures> {
  const body = method === 'POST' ? '{}' : undefined;
  const h = method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers;
  // A short untimed run first: connections opened, the org's engine opened, JIT warm.
  await autocannon({ url, connections, duration: 1, method, headers: h, ...(body ? { body } : {}) });
  const r = await autocannon({ url, connections, duration, method, headers: h, ...(body ? { body } : {}) });
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
 * `connections` clients post `billing/status` for `duration` seconds with
 * the org's admin token (each request: token lookup, settle with nothing due,
 * the status read). Baselines under the same load in the same run: the same
 * process's `GET /health` (no database), and a plain HTTP server answering
 * each request with one `SELECT 1` on one async `pg` connection.
 */
export async function benchStatusLoad(databaseUrl: string, token: string, connections = 64, duration = 10): Promise<StatusLoadFigures> {
  const server = await startServerProcess([], { BURNRATE_DATABASE_URL: databaseUrl });
  let status: LoadFigures;
  let health: LoadFigures;
  try {
    status = await load(`${server.url}/api/billing/status`, connections, duration, { authorization: `Bearer ${token}` });
    health = await load(`${server.url}/health`, connections, duration, {}, 'GET');
  } finally {
    await server.stop();
  }
  const raw = await startSelectOne(databaseUrl);
  let selectOne: LoadFigures;
  try {
    selectOne = await load(raw.url, connections, duration);
  } finally {
    await raw.stop();
  }
  return { connections, durationS: duration, status, health, selectOne };
}
