// The thread behind test/support/run-cli.ts: it loads the CLI bundle once and
// runs one `burnrate` invocation per message through runCliInProcess (the
// function bin/burnrate.mjs calls), while the test's thread waits on `flag`.
// Plain JavaScript, because a worker runs outside vitest's TypeScript loader.
import { workerData, parentPort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { bundle, flag, port } = workerData;
const { runCliInProcess } = await import(pathToFileURL(bundle).href);

/** Output of the run in progress, so a crash that escapes it still reports what it printed. */
let current = null;

function finish(result) {
  current = null;
  port.postMessage(result);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

// A real process would die of an error nothing caught, exit 1 with the stack on
// stderr: report it the same way, and let the caller replace this thread.
for (const event of ['uncaughtException', 'unhandledRejection']) {
  process.on(event, (err) => {
    const run = current ?? { stdout: '', stderr: '' };
    finish({ code: 1, stdout: run.stdout, stderr: `${run.stderr}${err?.stack ?? String(err)}\n`, fatal: true });
  });
}

parentPort.on('message', async ({ args, env }) => {
  // A thread keeps the env it started with, and os.tmpdir() reads this thread's: each run's temporary
  // folders go where its caller's do (its test file's root, test/support/temp-root.ts), as a child's would.
  if (env.TMPDIR) process.env.TMPDIR = env.TMPDIR;
  const run = { stdout: '', stderr: '' };
  current = run;
  const io = { stdout: { write: (s) => void (run.stdout += s) }, stderr: { write: (s) => void (run.stderr += s) } };
  let code;
  try {
    code = await runCliInProcess(args, env, io);
  } catch (err) {
    run.stderr += `${err?.stack ?? String(err)}\n`;
    code = 1;
  }
  if (current === run) finish({ code, stdout: run.stdout, stderr: run.stderr });
});
