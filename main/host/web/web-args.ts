import { RefusedError } from '../../core/errors.js';

/** Command-line options of `npm run start:web`. */
export interface WebArgs {
  port: number;
  open: boolean;
  dataDir: string | null;
  rendererDir: string | null;
}

/** Parses `--port N`, `--no-open`, `--data-dir DIR`, `--renderer DIR`; refuses anything else. */
export function parseWebArgs(argv: readonly string[]): WebArgs {
  const out: WebArgs = { port: 0, open: true, dataDir: null, rendererDir: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new RefusedError('invalid_args', `${arg} needs a value`);
      return v;
    };
    if (arg === '--no-open') out.open = false;
    else if (arg === '--port') {
      const p = Number(value());
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new RefusedError('invalid_args', '--port must be 0–65535');
      out.port = p;
    } else if (arg === '--data-dir') out.dataDir = value();
    else if (arg === '--renderer') out.rendererDir = value();
    else throw new RefusedError('invalid_args', `unknown option ${arg} (use --port, --no-open, --data-dir, --renderer)`);
  }
  return out;
}
