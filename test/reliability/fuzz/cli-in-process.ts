import { type Command, CommanderError } from 'commander';
import { buildProgram } from '../../../main/host/cli/program.js';
import { reportFailure } from '../../../main/host/cli/run-command.js';

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
      if (c.commands.length === 0) out.push({ path: p, flags: c.options.map((o) => o.long ?? o.short ?? '').filter(Boolean), args: c.registeredArguments.length });
      walk(c, p);
    }
  };
  walk(buildProgram(), []);
  return out;
}

/**
 * Runs `burnrate <args>` in this process the way main/host/cli/main.ts does
 * (usage errors exit 2 with one line, refusals 2, internal errors 1),
 * capturing stdout and stderr, so thousands of payloads need no child process.
 */
export async function runCli(args: string[]): Promise<CliRun> {
  const program = buildProgram();
  const out: string[] = [];
  const err: string[] = [];
  const all: Command[] = [program];
  for (let i = 0; i < all.length; i++) all.push(...all[i]!.commands);
  for (const c of all) {
    c.exitOverride();
    c.configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s), outputError: (s, write) => write(`burnrate: ${s.replace(/^error:\s*/, '').trim()} (see --help)\n`) });
  }
  const realOut = process.stdout.write.bind(process.stdout);
  const realErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'burnrate', ...args]);
  } catch (e) {
    if (e instanceof CommanderError) {
      const help = e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version';
      if (!help && args.includes('--json')) out.push(`${JSON.stringify({ error: { code: 'usage', message: e.message.replace(/^error: /, '') } })}\n`);
      process.exitCode = help ? 0 : 2;
    } else reportFailure(e, args.includes('--json'));
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stdout: out.join(''), stderr: err.join('') };
}
