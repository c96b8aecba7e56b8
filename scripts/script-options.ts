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
 */
export function scriptOptions<N extends string>(
  script: string,
  names: readonly N[],
  argv: readonly string[] = process.argv.slice(2),
): Partial<Record<N, number>> {
  const program = new Command(script)
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} })
    .allowExcessArguments(false);
  for (const name of names) program.option(`--${name} <n>`, '', wholeNumber);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) throw new Error(`npm run ${script}: ${err.message.replace(/^error: /, '')}`, { cause: err });
    throw err;
  }
  return program.opts<Partial<Record<N, number>>>();
}
