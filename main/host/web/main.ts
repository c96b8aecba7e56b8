import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Clock, MINUTE_MS, parseInstant, SimulatedClock, systemClock } from '../../core/clock.js';
import { isRefused, RefusedError } from '../../core/errors.js';
import { openLocalEngine } from '../../compose/local-engine.js';
import { MemoryTeamVault, TeamSwitch } from '../../compose/team-switch.js';
import { defaultDataDir } from '../data-dir.js';
import { LaunchFile } from './launch-file.js';
import { MemoryKeyVault } from './memory-key-vault.js';
import { openInBrowser } from './open-browser.js';
import { testControlsEnabled } from './test-controls.js';
import { parseWebArgs, WEB_USAGE } from './web-args.js';
import { startWebHost } from './web-server.js';

/** The project folder: the nearest one above this file that holds package.json (from the sources, or a bundle under out/). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('the web host found no package.json above its own file');
    dir = up;
  }
  return dir;
}

const root = projectRoot();

/** Runs Burnrate headless: the web host on 127.0.0.1, a one-minute settle heartbeat, the browser opened. */
async function main(): Promise<void> {
  const args = parseWebArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(WEB_USAGE);
    return;
  }
  const env = process.env;
  const testControls = testControlsEnabled(env);
  // Checked even without test controls: a malformed or out-of-range reading is refused (exit 2), never ignored.
  // Empty means unset, as for the CLI.
  const start = env.BURNRATE_NOW ? parseInstant(env.BURNRATE_NOW, 'BURNRATE_NOW').getTime() : null;
  const testClock = testControls ? new SimulatedClock(start ?? Date.now()) : null;
  const clock: Clock = testClock ?? systemClock;
  const dataDir = args.dataDir ?? defaultDataDir(env);
  // The member token only from the environment: arguments are visible to every user of the machine.
  const token = env.BURNRATE_TOKEN?.trim() || null;
  if (args.server !== null && token === null)
    throw new RefusedError('no_token', '--server needs your member token: set BURNRATE_TOKEN (an admin of your org gives it to you)');
  // The web host keeps a Stripe key in memory only, for this run (docs/contract.md).
  const keys = new MemoryKeyVault();
  // Payments left pending are resolved by the push hub's first background sync: the URL never waits on Stripe.
  const local = await openLocalEngine({ dataDir, clock, env, stripeKey: () => keys.read(), resolvePendingPayments: false });
  // The team server connection is kept in memory, for this run (like the Stripe key).
  const team = new TeamSwitch({ dataDir, clock, env, vault: new MemoryTeamVault() });
  if (args.server !== null && token !== null) await team.connect({ url: args.server, token });
  const launchFile = await LaunchFile.create();
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const host = await startWebHost({
    services: local.services,
    table: local.table,
    rendererDir: args.rendererDir ?? path.join(root, 'out', 'renderer'),
    version,
    port: args.port,
    testClock,
    host: { openExternal: args.open ? openInBrowser : undefined, stripeKeys: keys },
    exportsDir: dataDir === ':memory:' ? undefined : path.join(dataDir, 'exports'),
    launchFile,
    team,
  });
  // Wake-ups only ask the engine to settle (connected: to catch up); what is due comes from stored state and the clock.
  const wake = () => team.connected()?.refresh() ?? host.hub.refresh();
  const heartbeat = setInterval(() => void wake().catch((e: unknown) => console.error('[burnrate] settle failed:', e)), MINUTE_MS);
  await wake();

  const status = team.status();
  const where = status.mode === 'connected' ? `team server ${status.server}, ${status.email} (${status.role}) of ${status.orgName}` : `data: ${dataDir}`;
  process.stdout.write(`Burnrate web host on ${host.origin} (${where})${testControls ? ' [TEST CONTROLS ON]' : ''}\n`);
  // The browser is opened on the launch file's path, never on a link with a code: arguments are public (/proc).
  const file = launchFile.file;
  process.stdout.write(`Launch file (opens Burnrate; a fresh one-time link each time): ${file}\n`);
  if (!args.open) process.stdout.write(`Open: ${host.launchUrl}\n(works once, within 5 minutes)\n`);
  else if (!(await openInBrowser(file))) process.stdout.write('(could not open a browser: open the launch file above in one)\n');

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    clearInterval(heartbeat);
    await host.close();
    await team.close();
    await local.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((err: unknown) => {
  process.stderr.write(`burnrate web: ${isRefused(err) ? err.message : String(err instanceof Error ? err.stack : err)}\n`);
  process.exit(isRefused(err) ? 2 : 1);
});
