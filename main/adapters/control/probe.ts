import type { Probe } from '../../core/control/control-types.js';

/** Asks a verify URL once: 2xx serving; connection refused or 5xx not serving; anything else unknown. */
export async function probeUrl(url: string, timeoutMs: number): Promise<Probe> {
  try {
    const res = await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return 'serving';
    return res.status >= 500 ? 'not_serving' : 'unknown';
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    return code === 'ECONNREFUSED' || code === 'ECONNRESET' ? 'not_serving' : 'unknown';
  }
}
