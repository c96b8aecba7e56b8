import { type Command, CommanderError } from 'commander';
import { attachRuntime, type CliIo, type CliRuntime, type CliStream } from './cli-context.js';
import { buildProgram } from './program.js';
import { EXIT, reportFailure } from './run-command.js';

// A deployment-control runner started by the CLI imports this module (the bundle) and calls it.
export { runControlJob } from './control-runner.js';

/** One clear line on stderr: "burnrate: <what was wrong> (see --help)". */
const outputError = (s: string, write: (s: string) => void) => write(`burnrate: ${s.replace(/^error:\s*/, '').trim()} (see --help)\n`);

/**
 * Runs `burnrate <args>` (the arguments after the program name) against the
 * given environment and streams, and resolves to the exit code: 0 success,
 * 2 usage errors and refusals, 1 internal errors. It never exits the process
 * and reads no process-wide state (env, streams, exit code), so
 * `bin/burnrate.mjs` is a thin wrapper around it and tests run it in-process.
 */
export async function runCliInProcess(args: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const runtime: CliRuntime = { stdout: io.stdout, stderr: io.stderr, env, exitCode: EXIT.ok };
  const program = buildProgram();
  attachRuntime(program, runtime);
  const json = args.includes('--json');
  // Help a user asked for goes to stdout; what commander writes to stderr is an
  // error's line, or the help it shows when a command is missing, which is
  // replaced by one line below.
  let errText = '';
  const output = {
    writeOut: (s: string) => void io.stdout.write(s),
    writeErr: (s: string) => void (errText += s),
    outputError,
    // Commander reads "no width" as its default of 80 columns.
    getOutHelpWidth: () => (io.stdout.isTTY ? io.stdout.columns : undefined) as number,
    getErrHelpWidth: () => (io.stderr.isTTY ? io.stderr.columns : undefined) as number,
    getOutHasColors: () => hasColors(io.stdout, env),
    getErrHasColors: () => hasColors(io.stderr, env),
  };
  for (const cmd of [program, ...allCommands(program)]) {
    cmd.exitOverride();
    cmd.configureOutput(output);
  }
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // `--help`, `help` and `--version` succeed; `commander.help` with exit code 1 is help shown because no command was given.
      const asked = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || (err.code === 'commander.help' && err.exitCode === 0);
      if (asked) return EXIT.ok;
      const message = err.code === 'commander.help' ? `a command is needed: ${usageOf(program, args)}` : err.message.replace(/^error: /, '');
      io.stderr.write(err.code === 'commander.help' ? `burnrate: ${message} (see --help)\n` : errText);
      if (json) io.stdout.write(`${JSON.stringify({ error: { code: 'usage', message } })}\n`);
      return EXIT.refused;
    }
    io.stderr.write(errText);
    reportFailure(err, { json, runtime });
  }
  return runtime.exitCode;
}

/** Commander's colour rule, read from this run's env and stream instead of the process's. */
function hasColors(stream: CliStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR || env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR || env.CLICOLOR_FORCE) return true;
  return Boolean(stream.isTTY && stream.hasColors?.());
}

/** "burnrate deploy <command>" for the deepest command named in `args`. */
function usageOf(program: Command, args: readonly string[]): string {
  const names = [program.name()];
  let cmd = program;
  for (const a of args) {
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!sub) continue;
    names.push(sub.name());
    cmd = sub;
  }
  return `${names.join(' ')} <${cmd.commands
    .map((c) => c.name())
    .filter((n) => n !== 'help')
    .join('|')}>`;
}

function allCommands(root: Command): Command[] {
  const out = [];
  const stack = [...root.commands];
  while (stack.length) {
    const c = stack.pop()!;
    out.push(c);
    stack.push(...c.commands);
  }
  return out;
}
