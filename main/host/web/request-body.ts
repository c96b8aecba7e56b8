import type { IncomingMessage } from 'node:http';

/** Largest body the web host reads. */
export const MAX_BODY = 1_000_000;
/** A body not received in full within this long is cut off (408): a slow sender must not hold the host. */
export const BODY_TIMEOUT_MS = 10_000;

/** A parsed JSON body, or why it was refused (with its HTTP status). */
export type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; code: string; message: string };

/** True when the request says its body is JSON (`application/json`, any parameters). */
export function isJsonRequest(req: IncomingMessage): boolean {
  return /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}

/**
 * Reads a POST body as JSON (an empty body is `{}`). Anything not sent as
 * `application/json` is refused with 415 before its body is read (it also
 * forces a CORS preflight on any cross-origin page, which the host never
 * answers); a body over MAX_BODY is 413; one still incomplete after
 * `timeoutMs` is 408.
 */
export async function readJsonBody(req: IncomingMessage, timeoutMs = BODY_TIMEOUT_MS): Promise<BodyResult> {
  if (!isJsonRequest(req)) {
    return { ok: false, status: 415, code: 'unsupported_media_type', message: 'send the body as application/json' };
  }
  const raw = await readRawBody(req, timeoutMs);
  if (!raw.ok) return raw;
  const text = raw.raw.toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, code: 'invalid_input', message: 'the body is not valid JSON' };
  }
}

/** A body's exact bytes, or why it was refused (with its HTTP status). */
export type RawBodyResult = { ok: true; raw: Buffer } | { ok: false; status: number; code: string; message: string };

/** Reads a body's exact bytes (a signature is over them), with readJsonBody's size and time limits. */
export function readRawBody(req: IncomingMessage, timeoutMs = BODY_TIMEOUT_MS): Promise<RawBodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: RawBodyResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.removeAllListeners('data');
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ ok: false, status: 408, code: 'request_timeout', message: `the request body did not arrive within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) return finish({ ok: false, status: 413, code: 'payload_too_large', message: 'request body too large' });
      chunks.push(chunk);
    });
    req.on('error', () => finish({ ok: false, status: 400, code: 'invalid_input', message: 'the request body could not be read' }));
    req.on('end', () => finish({ ok: true, raw: Buffer.concat(chunks) }));
  });
}
