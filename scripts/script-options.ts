import { Command, CommanderError, InvalidArgumentError } from 'commander';

/** Reads a whole number ≥ 0 (a seed, a count of days): anything else is refused, never read as NaN or a fraction. */
function wholeNumber(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('needs a whole number');
  return n;
}

/**
 * The whole-number options (`--seed 7 --days 30`) of a script run as
 * `npm run <script> -- …`, read by commander: an option left out is absent
 * (the script has its default), and an unknown option, a missing value or
 * one that is not a whole number ≥ 0 is thrown as one line saying which.
 * `--help` writes the options and returns null: the script has nothing to run.
 */
export function scriptOptions<N extends string>(
  script: string,
  names: readonly N[],
  argv: readonly string[] = process.argv.slice(2),
  writeHelp: (text: string) => void = (text) => process.stdout.write(text),
): Partial<Record<N, number>> | null {
  const program = new Command(script)
    .usage(`-- [options]   (npm run ${script} -- …)`)
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: writeHelp })
    .allowExcessArguments(false);
  for (const name of names) program.option(`--${name} <n>`, 'a whole number', wholeNumber);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError && err.code === 'commander.helpDisplayed') return null;
    if (err instanceof CommanderError) throw new Error(`npm run ${script}: ${err.message.replace(/^error: /, '')}`, { cause: err });
    throw err;
  }
  return program.opts<Partial<Record<N, number>>>();
}
