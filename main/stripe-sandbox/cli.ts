/** Entry point for `burnrate sandbox serve`: runs the sandbox in the foreground until a signal. */
import type { SandboxHandle } from './index.js';

/**
 * Starts the sandbox on `port` with `dbFile`, logs one line, and closes it
 * cleanly on SIGINT/SIGTERM (the open server keeps the process alive until then).
 */
export async function serveSandboxCli(port: number, dbFile: string, log: (line: string) => void = console.log): Promise<SandboxHandle> {
  // Imported lazily: index.ts re-exports this module, and a static import would be circular.
  const { startSandbox } = await import('./index.js');
  const handle = await startSandbox({ dbFile, port });
  const close = async (): Promise<void> => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await handle.close();
  };
  const onSignal = (): void => void close();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  log(`Stripe sandbox listening on ${handle.url}`);
  return { ...handle, close };
}
