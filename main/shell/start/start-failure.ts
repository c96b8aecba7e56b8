/** The steps of the desktop start, in order; a failure names the one that failed. */
export type StartStep = 'data folder' | 'ready' | 'database' | 'services' | 'tray' | 'window';

/** What each step was doing, in the user's words. */
const DOING: Record<StartStep, string> = {
  'data folder': 'setting up the data folder',
  ready: 'starting Electron',
  database: 'opening the ledger database',
  services: 'starting the app’s services',
  tray: 'creating the tray icon',
  window: 'opening the window',
};

/** Advice by what the error says: the first match wins. */
const ADVICE: readonly [RegExp, string][] = [
  [
    /NODE_MODULE_VERSION|was compiled against a different|invalid ELF|not a valid Win32|wrong ELF class|mach-o|did not self-register|Could not locate the bindings/i,
    'The database driver (better-sqlite3) was built for another runtime. From a checkout, run `npm start` again (it builds the driver for Electron); an installed app needs reinstalling.',
  ],
  [
    /SQLITE_CORRUPT|SQLITE_NOTADB|file is not a database|malformed/i,
    'The ledger file is damaged. Restore burnrate.db from a backup into the data folder, or move the damaged file away to start a new ledger.',
  ],
  [/SQLITE_BUSY|database is locked/i, 'Another program holds the ledger locked. Close other Burnrate windows and CLI commands, then start Burnrate again.'],
  [
    /EACCES|EPERM|SQLITE_READONLY|SQLITE_CANTOPEN|read-?only/i,
    'Burnrate cannot write to its data folder. Check that the folder exists and belongs to you (or set BURNRATE_DATA_DIR to a folder you own), then start Burnrate again.',
  ],
  [/ENOSPC|SQLITE_FULL|disk is full/i, 'The disk is full. Free some space, then start Burnrate again.'],
];

const FALLBACK =
  'Start Burnrate again. If this keeps happening, `npx burnrate --json status` in a terminal shows whether the ledger itself opens; report the message above with it.';

/** The message of anything thrown (an Error's message, else its text). */
function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The dialog shown when the start fails: what failed, the error, and what to do. */
export function startFailureText(step: StartStep, err: unknown, dataDir: string): { title: string; content: string } {
  const message = messageOf(err);
  const advice = ADVICE.find(([re]) => re.test(message))?.[1] ?? FALLBACK;
  return {
    title: 'Burnrate could not start',
    content: `Burnrate stopped while ${DOING[step]}.\n\n${message}\n\nData folder: ${dataDir}\n\nWhat to do: ${advice}`,
  };
}
