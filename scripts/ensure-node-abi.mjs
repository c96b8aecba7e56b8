// Run before every Node entry point (npm test, start:web, bench, soak, the
// crash sweep): makes sure the Node build of better-sqlite3 is the one in
// place, whatever built it for Electron before (scripts/sqlite-builds.mjs).
// The CLI (bin/burnrate.mjs) calls ensureNodeSqlite itself.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeSqlite } from './sqlite-builds.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
try {
  ensureNodeSqlite(root);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
