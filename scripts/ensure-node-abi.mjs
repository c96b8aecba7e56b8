// `npm start` rebuilds better-sqlite3 for Electron's ABI; tests run under Node.
// This puts the Node build back when the loaded one does not fit this Node.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  const Database = require('better-sqlite3');
  new Database(':memory:').close();
} catch (err) {
  if (!/NODE_MODULE_VERSION|was compiled against a different|invalid ELF|Could not locate the bindings/.test(String(err))) throw err;
  console.log('better-sqlite3 was built for another runtime (Electron?): rebuilding it for Node…');
  execSync('npm rebuild better-sqlite3', { stdio: 'inherit' });
}
