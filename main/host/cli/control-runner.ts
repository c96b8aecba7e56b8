import fs from 'node:fs';
import { processTransport } from '../../adapters/control/default-transport.js';
import type { RunnerCommand, RunnerJob } from '../../adapters/control/detached-transport.js';

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

/**
 * The runner's body: runs the one try of an owed action it reads on stdin
 * (a command hook or a webhook, with the usual time limits) and leaves the
 * outcome in the job's file, written whole (a reader never sees half of it).
 */
export async function runControlJob(): Promise<void> {
  const job = JSON.parse(await readStdin()) as RunnerJob;
  const result = await processTransport(job.timeouts, job.env).send(job.target, job.message, job.secret);
  const tmp = `${job.outcomeFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(result), { mode: 0o600 });
  fs.renameSync(tmp, job.outcomeFile);
}

/**
 * How the CLI starts a runner: this same code (the CLI bundle, or the sources
 * through tsx) in a new Node process that calls `runControlJob`. Only the
 * module's path is in the arguments; the job goes to stdin.
 */
export function controlRunner(): RunnerCommand {
  const self = import.meta.url;
  const tsx = self.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
  return {
    command: process.execPath,
    args: [...tsx, '--input-type=module', '-e', `const m = await import(${JSON.stringify(self)}); await m.runControlJob();`],
  };
}
