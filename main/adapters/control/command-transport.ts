import { spawn } from 'node:child_process';
import type { ControlMessage, SendResult } from '../../core/control/control-types.js';

/** How much of the hook's stderr the history keeps (its last line, trimmed). */
const STDERR_TAIL = 300;

/** The app's own variables and the Stripe key never reach a hook. */
function hookEnv(base: NodeJS.ProcessEnv, m: ControlMessage): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (k.startsWith('BURNRATE_') || k === 'STRIPE_SECRET_KEY') continue;
    env[k] = v;
  }
  return {
    ...env,
    BURNRATE_ACTION: m.action,
    BURNRATE_ACTION_KEY: m.key,
    BURNRATE_DEPLOYMENT_ID: String(m.deployment.id),
    BURNRATE_DEPLOYMENT_NAME: m.deployment.name,
    BURNRATE_MODEL: m.deployment.model,
    BURNRATE_TIER: m.deployment.tier,
    BURNRATE_REASON: m.reason,
  };
}

/**
 * Runs a command hook without a shell: argv is the path, the fixed args, then
 * the action. Exit 0 is done; another exit, a signal, a spawn error or no exit
 * within `timeoutMs` (then it is killed, with its process group) is failed.
 * Resolves on the process's exit, not on its pipes closing: a hook that
 * starts a server in the background has exited even while the server holds them.
 */
export function runCommandHook(
  command: string,
  args: readonly string[],
  m: ControlMessage,
  timeoutMs: number,
  base: NodeJS.ProcessEnv = process.env,
): Promise<SendResult> {
  return new Promise((resolve) => {
    let stderr = '';
    let settled = false;
    const done = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stderr?.destroy();
      resolve(r);
    };
    const group = process.platform !== 'win32';
    const child = spawn(command, [...args, m.action], {
      shell: false,
      env: hookEnv(base, m),
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: group,
      windowsHide: true,
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (s: string) => {
      stderr = (stderr + s).slice(-4096);
    });
    child.stderr?.on('error', () => undefined);
    const timer = setTimeout(() => {
      try {
        if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      done({ ok: false, detail: `killed: no exit within ${Math.round(timeoutMs / 1000)} s` });
    }, timeoutMs);
    child.on('error', (err) => done({ ok: false, detail: `could not run ${command}: ${err.message}` }));
    child.on('exit', (code, signal) => {
      const tail = stderr.trim().split('\n').pop()?.slice(-STDERR_TAIL) ?? '';
      if (code === 0) done({ ok: true, detail: 'exit 0' });
      else done({ ok: false, detail: `${signal ? `killed by ${signal}` : `exit ${code}`}${tail ? `: ${tail}` : ''}` });
    });
  });
}
