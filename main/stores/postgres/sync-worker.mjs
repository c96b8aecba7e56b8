// The thread behind sync-connection.ts: it owns one `pg` client and runs one
// request per message, while the caller's thread waits on `flag` (Atomics.wait)
// and then reads the reply with receiveMessageOnPort. That makes the async
// driver synchronous for the engine, whose transactions are synchronous blocks.
// Plain JavaScript so it loads the same way under vitest, tsx and the esbuild
// CLI bundle (scripts/build-cli.mjs copies it beside the bundle).
// A thread outlives its connection: after `close` it may be handed the next
// `connect` (sync-connection.ts keeps a few idle), which names its own config.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

const { flag, port } = workerData;
/** The connection's value parsing (set by each `connect`). */
let sqliteValues = false;

/** BIGINT columns (ids, credits, instants in ms) as numbers: refused when not exact. */
function parseInt8(text) {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint ${text} is beyond JavaScript's exact integers`);
  return n;
}
/** NUMERIC (SUM and AVG of BIGINT) as a number, as SQLite gives it; refused when a whole one is not exact. */
function parseNumeric(text) {
  const n = Number(text);
  if (/^-?\d+$/.test(text) && !Number.isSafeInteger(n)) throw new Error(`numeric ${text} is beyond JavaScript's exact integers`);
  return n;
}
/** BOOLEAN as 1 or 0, as SQLite gives a comparison (the engine's store, pg-store.ts). */
const parseBool = (text) => (text === 't' || text === 'true' ? 1 : 0);
const types = {
  getTypeParser(oid, format) {
    if (oid === 20) return parseInt8;
    if (sqliteValues && oid === 1700) return parseNumeric;
    if (sqliteValues && oid === 16) return parseBool;
    return pg.types.getTypeParser(oid, format);
  },
};

let client = null;
/** Set when the connection broke: every later request fails with it. */
let broken = null;

function reply(message) {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

/** The fields of a driver error worth keeping across threads (a PostgreSQL error's SQLSTATE and where). */
function errorFields(err) {
  const out = { message: err?.message ?? String(err), name: err?.name ?? 'Error' };
  for (const k of ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'schema', 'severity', 'where', 'routine']) {
    if (err && err[k] !== undefined) out[k] = err[k];
  }
  return out;
}

async function handle({ op, sql, params, rowMode, config, values }) {
  if (op === 'connect') {
    if (client) throw new Error('the PostgreSQL worker already holds a connection');
    broken = null;
    sqliteValues = values === true;
    client = new pg.Client({ ...config, types });
    client.on('error', (err) => {
      broken = err;
    });
    await client.connect();
    return null;
  }
  if (op === 'close') {
    const c = client;
    client = null;
    if (c) await c.end();
    return null;
  }
  if (broken) throw broken;
  if (!client) throw new Error('the PostgreSQL connection is closed');
  const res = await client.query(rowMode ? { text: sql, values: params ?? [], rowMode } : { text: sql, values: params ?? [] });
  // A multi-statement text (exec) gives one result per statement: keep the last's rows.
  const last = Array.isArray(res) ? res[res.length - 1] : res;
  return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
}

port.on('message', async (msg) => {
  try {
    reply({ ok: true, value: await handle(msg) });
  } catch (err) {
    reply({ ok: false, error: errorFields(err) });
  }
});

// A thread that ends (terminated, out of memory) wakes a caller still waiting: it then sees no reply.
process.on('exit', () => {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});

// Anything nothing caught would leave the caller waiting forever: report it.
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (err) => {
    broken = err;
    reply({ ok: false, error: errorFields(err), fatal: true });
  });
}
