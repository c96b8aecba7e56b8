import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { EXIT, reportFailure } from './run-command.js';

/** CLI entry: usage errors exit 2, refusals 2, internal errors 1. */
async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const json = argv.includes('--json');
  program.exitOverride();
  program.configureOutput({ outputError: (s, write) => write(`burnrate: ${s.replace(/^error:\s*/, '').trim()} (see --help)\n`) });
  for (const cmd of allCommands(program)) {
    cmd.exitOverride();
    // One clear line on stderr: "burnrate: <what was wrong> (see --help)".
    cmd.configureOutput({ outputError: (s, write) => write(`burnrate: ${s.replace(/^error:\s*/, '').trim()} (see --help)\n`) });
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      const helpShown = err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version';
      if (!helpShown && json) process.stdout.write(`${JSON.stringify({ error: { code: 'usage', message: err.message.replace(/^error: /, '') } })}\n`);
      process.exitCode = helpShown ? EXIT.ok : EXIT.refused;
      return;
    }
    reportFailure(err, json);
  }
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
