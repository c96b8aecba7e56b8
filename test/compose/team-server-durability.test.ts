import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamServer } from '../../main/compose/team-server.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import type { PostgresCluster, TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';

/**
 * A member is told a pause or a payment is done once PostgreSQL committed it:
 * a database that acknowledges commits before they are durable is named in
 * the server's log at start.
 */
let cluster: PostgresCluster;
let db: TestDatabase;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'team-server-durability-'));

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(root, { recursive: true, force: true });
}, 120_000);

/** Starts and stops a server on the test database, returning what it logged. */
async function startupLog(): Promise<string[]> {
  const lines: string[] = [];
  const server = await startTeamServer({
    databaseUrl: db.url,
    host: '127.0.0.1',
    port: 0,
    testClock: false,
    sandboxDir: path.join(root, 'sandbox'),
    env: {},
    tickMs: 3_600_000,
    log: (line) => void lines.push(line),
  });
  await server.close();
  return lines;
}

/** Sets the database's default synchronous_commit (new connections see it). */
function setSynchronousCommit(value: 'on' | 'off'): void {
  const admin = SyncConnection.open(db.adminUrl);
  try {
    admin.run(`ALTER DATABASE "${db.name}" SET synchronous_commit = ${value}`);
  } finally {
    admin.close();
  }
}

describe('the team server names a database whose commits are not durable', () => {
  it.each([
    ['off', true],
    ['on', false],
  ] as const)('synchronous_commit = %s → warned: %s', async (value, warned) => {
    setSynchronousCommit(value);
    const warning = (await startupLog()).filter((l) => l.includes('synchronous_commit = off'));
    expect(warning.length).toBe(warned ? 1 : 0);
  });
});
