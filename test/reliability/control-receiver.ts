import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import type { Db } from '../../main/core/db/store-port.js';

/** The signing secret of every soak and crash-sweep webhook control. */
export const RECEIVER_SECRET = 'whsec_c29hay1hbmQtY3Jhc2gtc3dlZXAtcmVjZWl2ZXI=';

/** The command hook of the soak and the crash sweep (POSIX sh, see the file). */
export const SWEEP_HOOK = path.join(import.meta.dirname, 'fixtures', 'control-hook.sh');

/** One POST the receiver got: the webhook id, whether the signature verified, what it answered. */
export interface Delivery {
  id: string;
  verified: boolean;
  status: number;
}

/** Decides a route's answer to one delivery: `n` counts this webhook id's deliveries on the route (1 = first try). */
export type Answer = (id: string, n: number) => number;

/** One route of the receiver: its URL and what it got. */
export interface Route {
  url: string;
  deliveries: Delivery[];
  close(): void;
}

/**
 * A real webhook receiver on loopback, shared by a whole run (one per test
 * process): each seed or campaign takes a route of its own, the receiver
 * checks every POST with the Standard Webhooks library and answers as the
 * route says (2xx, or 500 for a failing instance). Its server does not keep
 * the process alive.
 */
export class ControlReceiver {
  private readonly routes = new Map<string, { answer: Answer; deliveries: Delivery[] }>();
  private next = 0;

  private constructor(
    readonly base: string,
    private readonly server: http.Server,
  ) {}

  static async start(): Promise<ControlReceiver> {
    const wh = new Webhook(RECEIVER_SECRET);
    let receiver: ControlReceiver | null = null;
    const server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const route = receiver!.routes.get(req.url ?? '');
        if (!route) return void res.writeHead(404).end();
        let verified = true;
        try {
          wh.verify(raw, req.headers as Record<string, string>);
        } catch {
          verified = false;
        }
        const id = String(req.headers['webhook-id']);
        const n = route.deliveries.filter((d) => d.id === id).length + 1;
        const status = verified ? route.answer(id, n) : 400;
        route.deliveries.push({ id, verified, status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    // Sockets stay open longer than a seed's pauses, so a kept-alive connection is never closed under a request.
    server.keepAliveTimeout = 60_000;
    server.unref();
    receiver = new ControlReceiver(`http://127.0.0.1:${(server.address() as { port: number }).port}`, server);
    return receiver;
  }

  /** Stops listening and drops kept-alive connections (a script's run ends at once). */
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  /** A new route answering as `answer` says. */
  route(answer: Answer): Route {
    const p = `/r${++this.next}`;
    const deliveries: Delivery[] = [];
    this.routes.set(p, { answer, deliveries });
    return { url: `${this.base}${p}`, deliveries, close: () => void this.routes.delete(p) };
  }
}

let shared: Promise<ControlReceiver> | null = null;

/** The receiver of this process, started on first use. */
export function sharedReceiver(): Promise<ControlReceiver> {
  shared ??= ControlReceiver.start();
  return shared;
}

/** Closes the receiver of this process, if one was started. */
export async function closeSharedReceiver(): Promise<void> {
  const r = shared;
  shared = null;
  await (await r)?.close();
}

/** What the command hook logged in its state folder: one entry per call, its action key. */
export function hookCalls(stateDir: string): string[] {
  const file = path.join(stateDir, 'calls');
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[0]!)
    : [];
}

/**
 * Checks the outbox against what really arrived: no try arrived twice or
 * without being tried (a try may fail before it arrives: a socket closed
 * under it), every webhook delivery was signed, and the receiver answered
 * 2xx exactly once for a succeeded action and never for another; a
 * succeeded command action ran the hook. `exact` false (a crash sweep, where
 * a killed sender's try may have arrived without being recorded) only asks
 * that a succeeded action arrived and nothing arrived that was never tried.
 */
export function deliveryViolations(db: Db, seen: { deliveries: Delivery[]; hookKeys: string[] }, exact = true): string[] {
  const out: string[] = [];
  const rows = db.prepare('SELECT id, action_key AS key, target, status, attempts FROM control_actions ORDER BY id').all() as {
    id: number;
    key: string;
    target: string;
    status: string;
    attempts: number;
  }[];
  for (const a of rows) {
    const kind = (JSON.parse(a.target) as { kind: string }).kind;
    const tries = kind === 'webhook' ? seen.deliveries.filter((d) => d.id === a.key) : seen.hookKeys.filter((k) => k === a.key).map(() => null);
    const label = `action ${a.id} (${kind}, ${a.status}, ${a.attempts} tries)`;
    const tooMany = exact ? tries.length > a.attempts : a.attempts === 0 && tries.length > 0;
    if (tooMany || (a.status === 'succeeded' && tries.length === 0)) out.push(`${label} arrived ${tries.length} times`);
    if (kind !== 'webhook') continue;
    const got = tries as Delivery[];
    if (got.some((d) => !d.verified)) out.push(`${label}: a delivery failed signature verification`);
    const ok = got.filter((d) => d.status >= 200 && d.status < 300).length;
    if (exact && ok !== (a.status === 'succeeded' ? 1 : 0)) out.push(`${label} was answered 2xx ${ok} times`);
  }
  return out;
}
