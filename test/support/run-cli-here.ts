import { runCliInProcess } from '../../main/host/cli/main.js';

/** What one CLI run gave: its exit code, its streams, and stdout parsed as JSON when it is JSON. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: unknown;
}

/**
 * Runs the CLI in this thread (not the bundle on a worker, as runCli does), so a
 * test can await it while a server it started in this process answers.
 */
export async function runCliHere(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCliInProcess(args, env, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}
