/** Entry point for `burnrate sandbox serve`: runs the sandbox in the foreground until a signal. */
import type { SandboxHandle } from './index.js';

/** Starts the sandbox on `port` with `dbFile`, logs one line, and closes it cleanly on SIGINT/SIGTERM. */
export async function serveSandboxCli(port: number, dbFile: string, log: (line: string) => void = console.log): Promise<SandboxHandle> {
  // Imported lazily: index.ts re-exports this module, and a static import would be circular.
  const { startSandbox } = await import('./index.js');
  const handle = await startSandbox({ dbFile, port });
  log(`Stripe sandbox listening on ${handle.url}`);
  const stop = (): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    void handle.close();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return handle;
}
