import { RefusedError } from '../../core/errors.js';

/** Command-line options of `npm run start:web`. */
export interface WebArgs {
  port: number;
  open: boolean;
  dataDir: string | null;
  rendererDir: string | null;
  /** `--server URL`: connected to this team server (the token comes from BURNRATE_TOKEN only: arguments are public). */
  server: string | null;
  /** `--help`/`-h`: print WEB_USAGE and exit 0. */
  help: boolean;
}

/** What `npm run start:web -- --help` prints. */
export const WEB_USAGE = `Usage: npm run start:web -- [--port N] [--no-open] [--data-dir DIR] [--renderer DIR] [--server URL]

Runs Burnrate's UI in your browser: a web host on 127.0.0.1. The browser is opened on a private
launch file (printed) holding a one-time link; opening that file again gives a fresh one.
  --port N          port to listen on (default: any free port)
  --no-open         print a one-time link (5 minutes), do not open a browser
  --data-dir DIR    folder holding the ledger (env BURNRATE_DATA_DIR; default: the app's data folder)
  --renderer DIR    a built renderer to serve (default: out/renderer)
  --server URL      connected to a team server: your org's ledger, as your member token (env BURNRATE_TOKEN,
                    never an argument) allows; Settings → Team server can also connect, for this run
Environment: BURNRATE_TEST_CONTROLS=1 adds test controls (move the engine's clock), starting at BURNRATE_NOW.
`;

/** Parses `--port N`, `--no-open`, `--data-dir DIR`, `--renderer DIR`, `--server URL`; refuses anything else. */
export function parseWebArgs(argv: readonly string[]): WebArgs {
  const out: WebArgs = { port: 0, open: true, dataDir: null, rendererDir: null, server: null, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new RefusedError('invalid_args', `${arg} needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') out.help = true;
    else if (arg === '--no-open') out.open = false;
    else if (arg === '--port') {
      const p = Number(value());
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new RefusedError('invalid_args', '--port must be 0–65535');
      out.port = p;
    } else if (arg === '--data-dir') out.dataDir = value();
    else if (arg === '--renderer') out.rendererDir = value();
    else if (arg === '--server') out.server = value();
    else if (arg === '--token')
      throw new RefusedError('invalid_args', '--token is not taken here (arguments are visible to every user of this machine): set BURNRATE_TOKEN');
    else throw new RefusedError('invalid_args', `unknown option ${arg} (use --port, --no-open, --data-dir, --renderer, --server; --help)`);
  }
  return out;
}
