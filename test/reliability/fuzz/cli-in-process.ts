import type { Command } from 'commander';
import { runCliInProcess } from '../../../main/host/cli/main.js';
import { buildProgram } from '../../../main/host/cli/program.js';

/** What one in-process CLI invocation printed and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Every command path of the program with its option flags and number of arguments. */
export function commandTree(): { path: string[]; flags: string[]; args: number }[] {
  const out: { path: string[]; flags: string[]; args: number }[] = [];
  const walk = (cmd: Command, path: string[]) => {
    for (const c of cmd.commands) {
      const p = [...path, c.name()];
      if (c.commands.length === 0)
        out.push({ path: p, flags: c.options.map((o) => o.long ?? o.short ?? '').filter(Boolean), args: c.registeredArguments.length });
      walk(c, p);
    }
  };
  walk(buildProgram(), []);
  return out;
}

/**
 * Runs `burnrate <args>` in this process through the CLI's own entry
 * function (the one `bin/burnrate.mjs` calls), capturing stdout and stderr,
 * so thousands of payloads need no child process.
 */
export async function runCli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const env = { ...process.env, BURNRATE_DATA_DIR: '', BURNRATE_NOW: '', BURNRATE_CRASH_AT: '' };
  const code = await runCliInProcess(args, env, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}
