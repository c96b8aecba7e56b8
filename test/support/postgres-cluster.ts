import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temporary folder,
 * started with pg_ctl on a free loopback port (no Unix socket), one database
 * per test file or test, everything stopped and removed by stop(). A watchdog
 * process stops the server and removes the folder if the test process dies
 * without calling stop(), so a crashed run leaves no postmaster behind.
 *
 * PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the
 * `postgres` user (runuser) in a folder it owns.
 */
export interface PostgresCluster {
  /** How to reach it as the superuser (handed to test files by global-setup.ts). */
  readonly access: ClusterAccess;
  /** Superuser URL of the `postgres` database (for set-up only; RLS does not apply to it). */
  readonly adminUrl: string;
  readonly port: number;
  /**
   * A fresh empty database owned by a fresh non-superuser login role (RLS applies
   * to it, as to a server's role): `url` connects as that role, `adminUrl` as the superuser.
   */
  createDatabase(): Promise<TestDatabase>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** A cluster this process started (not the run's shared one): it may also be restarted. */
export interface OwnPostgresCluster extends PostgresCluster {
  /**
   * Stops the server at once (`-m immediate`: no checkpoint, clients cut off,
   * as a crash would) and starts it again on the same port, keeping its data.
   */
  restart(): Promise<void>;
}

export interface TestDatabase {
  readonly name: string;
  readonly role: string;
  readonly url: string;
  readonly adminUrl: string;
}

/** The folder holding initdb and pg_ctl: BURNRATE_PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
export function postgresBinDir(): string {
  const fromEnv = process.env.BURNRATE_PG_BIN;
  if (fromEnv) return fromEnv;
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('PostgreSQL is not installed: apt-get install postgresql (or set BURNRATE_PG_BIN)');
  return path.join(base, versions[0]!, 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL tool, as the postgres user when we are root. */
function runTool(bin: string, tool: string, args: string[], cwd: string): void {
  const file = path.join(bin, tool);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  execFileSync(cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
}

/** runTool without blocking the event loop (a restart while the test's clients keep calling). */
function runToolAsync(bin: string, tool: string, args: string[], cwd: string): Promise<void> {
  const file = path.join(bin, tool);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { cwd, timeout: 240_000 }, (err) => (err ? reject(err) : resolve()));
  });
}

/** A free loopback port (another process may still take it before PostgreSQL does: start() retries). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The postgres user must reach the cluster folder: give "traverse" (o+x, not
 * read) to the folders between the temporary root and it that lack it — the
 * per-file test root is 0700. Folders above the temporary root are not touched.
 */
function letPostgresTraverse(dir: string): void {
  const top = path.resolve(os.tmpdir());
  for (let d = path.dirname(dir); d.startsWith(top); d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(d, (mode & 0o7777) | 0o001);
    if (d === top) break;
  }
}

/** Kills the server and removes the folder once `parentPid` is gone (a crashed test run). */
function startWatchdog(bin: string, dataDir: string, root: string): number | undefined {
  const pgCtl = path.join(bin, 'pg_ctl');
  const stop = asRoot ? `runuser -u postgres -- "${pgCtl}"` : `"${pgCtl}"`;
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; ${stop} -D "${dataDir}" -m immediate stop >/dev/null 2>&1; rm -rf "${root}"`;
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid;
}

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/** Where a running cluster listens and its superuser's password: what a test file needs to use it. */
export interface ClusterAccess {
  readonly port: number;
  readonly password: string;
}

/** The databases one user of a cluster makes: `create()` adds one (and its role), `dropAll()` removes them all. */
export interface ClusterDatabases {
  readonly adminUrl: string;
  create(): Promise<TestDatabase>;
  dropAll(): Promise<void>;
}

/**
 * Makes databases in a running cluster, each owned by a fresh non-superuser
 * login role (`burnrate_test_<tag>_<n>`, `burnrate_app_<tag>_<n>`): a tag of
 * its own keeps the files that share a cluster apart.
 */
export function clusterDatabases(access: ClusterAccess, tag: string): ClusterDatabases {
  const { port, password } = access;
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const made: TestDatabase[] = [];
  return {
    adminUrl,
    async create() {
      const n = made.length + 1;
      const suffix = tag ? `${tag}_${n}` : `${n}`;
      const name = `burnrate_test_${suffix}`;
      const role = `burnrate_app_${suffix}`;
      const rolePassword = randomBytes(18).toString('base64url');
      await withClient(adminUrl, async (c) => {
        await c.query(`CREATE ROLE ${q(role)} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '${rolePassword}'`);
        await c.query(`CREATE DATABASE ${q(name)} OWNER ${q(role)} TEMPLATE template0`);
      });
      const at = `@127.0.0.1:${port}/${name}`;
      const db = {
        name,
        role,
        url: `postgres://${role}:${encodeURIComponent(rolePassword)}${at}`,
        adminUrl: `postgres://postgres:${encodeURIComponent(password)}${at}`,
      };
      made.push(db);
      return db;
    },
    async dropAll() {
      const dbs = made.splice(0);
      if (dbs.length === 0) return;
      await withClient(adminUrl, async (c) => {
        // FORCE ends the connections a test left open (a crashed test, a killed child).
        for (const db of dbs) {
          await c.query(`DROP DATABASE IF EXISTS ${q(db.name)} WITH (FORCE)`);
          await c.query(`DROP ROLE IF EXISTS ${q(db.role)}`);
        }
      });
    },
  };
}

/**
 * Creates and starts a cluster. Call stop() in afterAll. Test files use the
 * run's shared cluster instead (postgresForFile() in shared-postgres.ts).
 */
export async function startPostgresCluster(): Promise<OwnPostgresCluster> {
  const bin = postgresBinDir();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-pg-'));
  const dataDir = path.join(root, 'data');
  const password = randomBytes(18).toString('base64url');
  fs.writeFileSync(path.join(root, 'pwfile'), `${password}\n`, { mode: 0o600 });
  if (asRoot) {
    letPostgresTraverse(root);
    execFileSync('chown', ['-R', 'postgres:', root]);
  }
  let watchdog: number | undefined;
  try {
    runTool(
      bin,
      'initdb',
      ['-D', dataDir, '--no-sync', '-U', 'postgres', '--pwfile', path.join(root, 'pwfile'), '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C'],
      root,
    );
    fs.rmSync(path.join(root, 'pwfile'));
    // No fsync keeps a loaded machine fast: the operating system never crashes
    // under a test, so what PostgreSQL wrote to its files survives. Commits are
    // another matter: with synchronous_commit off a COMMIT is acknowledged
    // before its WAL is written, and a `pg_ctl stop -m immediate` (restart())
    // drops it — the team harness found exactly that as "an acknowledged pause
    // not kept". With fsync off, a durable commit costs one write() call.
    fs.appendFileSync(
      path.join(dataDir, 'postgresql.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = ''",
        'fsync = off',
        'synchronous_commit = on',
        'full_page_writes = off',
        'shared_buffers = 32MB',
        // One cluster serves every test file of a run (global-setup.ts), two at a time.
        'max_connections = 200',
        '',
      ].join('\n'),
    );
    watchdog = startWatchdog(bin, dataDir, root);
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        runTool(bin, 'pg_ctl', ['-D', dataDir, '-l', path.join(root, 'server.log'), '-w', '-t', '180', '-o', `-p ${port}`, 'start'], root);
        break;
      } catch (err) {
        // Most likely the port was taken between freePort() and the start: try another.
        if (attempt >= 5) throw new Error(`PostgreSQL did not start: ${readLog(root)}`, { cause: err });
      }
    }
    const databases = clusterDatabases({ port, password }, '');
    let stopped = false;
    return {
      access: { port, password },
      adminUrl: databases.adminUrl,
      port,
      createDatabase: databases.create,
      async restart() {
        await runToolAsync(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], root);
        await runToolAsync(bin, 'pg_ctl', ['-D', dataDir, '-l', path.join(root, 'server.log'), '-w', '-t', '180', '-o', `-p ${port}`, 'start'], root);
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          runTool(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], root);
        } finally {
          if (watchdog) {
            try {
              process.kill(-watchdog, 'SIGKILL');
            } catch {
              // already gone
            }
          }
          fs.rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
        }
      },
    };
  } catch (err) {
    if (watchdog) {
      try {
        process.kill(-watchdog, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    try {
      runTool(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop'], root);
    } catch {
      // never started
    }
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  }
}

function readLog(root: string): string {
  try {
    return fs.readFileSync(path.join(root, 'server.log'), 'utf8').slice(-2000);
  } catch {
    return '(no server log)';
  }
}

/** Runs `fn` with a connected async client, closing it after. */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
