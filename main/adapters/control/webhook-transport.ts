import { Webhook } from 'standardwebhooks';
import type { ControlMessage, SendResult } from '../../core/control/control-types.js';

/** The webhook's JSON body: `{"type": "deployment.<action>", "deployment": {id, name, model, tier}, "reason", "at"}`. */
export function webhookBody(m: ControlMessage): string {
  return JSON.stringify({
    type: `deployment.${m.action}`,
    deployment: { id: m.deployment.id, name: m.deployment.name, model: m.deployment.model, tier: m.deployment.tier },
    reason: m.reason,
    at: new Date(m.at).toISOString(),
  });
}

/** Why a fetch failed, in a few words (never the URL's secrets: URLs carry none, the secret is in no message). */
function failure(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  if (e.cause?.code === 'ECONNREFUSED') return 'connection refused';
  return e.cause?.code ?? (err instanceof Error ? err.message : String(err));
}

/**
 * POSTs one action signed by the Standard Webhooks scheme (webhook-id is the
 * action's key, the same on every retry, so a receiver can drop repeats).
 * 2xx is done; other answers, redirects and timeouts are failed. The
 * signature's timestamp is the wall clock's: receivers check it against theirs.
 */
export async function postWebhook(url: string, secret: string, m: ControlMessage, timeoutMs: number): Promise<SendResult> {
  const body = webhookBody(m);
  const sentAt = new Date();
  const signature = new Webhook(secret).sign(m.key, sentAt, body);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Burnrate deployment control',
        'webhook-id': m.key,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    return { ok: res.status >= 200 && res.status < 300, detail: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, detail: failure(err, timeoutMs) };
  }
}
