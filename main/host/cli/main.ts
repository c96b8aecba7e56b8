import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { EXIT, reportFailure } from './run-command.js';

/** One clear line on stderr: "burnrate: <what was wrong> (see --help)". */
const outputError = (s: string, write: (s: string) => void) => write(`burnrate: ${s.replace(/^error:\s*/, '').trim()} (see --help)\n`);

/** CLI entry: usage errors exit 2, refusals 2, internal errors 1. */
async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const json = argv.includes('--json');
  // Help a user asked for goes to stdout; what commander writes to stderr is an
  // error's line, or the help it shows when a command is missing, which is
  // replaced by one line below.
  let errText = '';
  const output = { writeErr: (s: string) => void (errText += s), outputError };
  for (const cmd of [program, ...allCommands(program)]) {
    cmd.exitOverride();
    cmd.configureOutput(output);
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // `--help`, `help` and `--version` succeed; `commander.help` with exit code 1 is help shown because no command was given.
      const asked = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || (err.code === 'commander.help' && err.exitCode === 0);
      if (asked) {
        process.exitCode = EXIT.ok;
        return;
      }
      const message = err.code === 'commander.help' ? `a command is needed: ${usageOf(program, argv)}` : err.message.replace(/^error: /, '');
      process.stderr.write(err.code === 'commander.help' ? `burnrate: ${message} (see --help)\n` : errText);
      if (json) process.stdout.write(`${JSON.stringify({ error: { code: 'usage', message } })}\n`);
      process.exitCode = EXIT.refused;
      return;
    }
    process.stderr.write(errText);
    reportFailure(err, json);
  }
}

/** "burnrate deploy <command>" for the deepest command named in `argv`. */
function usageOf(program: ReturnType<typeof buildProgram>, argv: string[]): string {
  const names = [program.name()];
  let cmd = program;
  for (const a of argv.slice(2)) {
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!sub) continue;
    names.push(sub.name());
    cmd = sub;
  }
  return `${names.join(' ')} <${cmd.commands.map((c) => c.name()).filter((n) => n !== 'help').join('|')}>`;
}

function allCommands(root: ReturnType<typeof buildProgram>): ReturnType<typeof buildProgram>[] {
  const out = [];
  const stack = [...root.commands];
  while (stack.length) {
    const c = stack.pop()!;
    out.push(c);
    stack.push(...c.commands);
  }
  return out;
}

await main(process.argv);
