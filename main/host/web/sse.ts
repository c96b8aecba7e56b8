import type { ServerResponse } from 'node:http';

/** Keeps proxies and the browser from dropping an idle stream. */
const KEEPALIVE_MS = 20_000;

/** The open server-sent-event streams of the web host. */
export class SseClients {
  private readonly clients = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.write(': keepalive\n\n'), KEEPALIVE_MS);
    this.timer.unref();
  }

  /** Starts an event stream on `res` and keeps it until the client goes away. */
  open(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  /** Sends one named event with a JSON payload to every stream (or to one). */
  send(event: string, payload: unknown, only?: ServerResponse): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`, only);
  }

  /** How many streams are open. */
  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream and stops the keepalive. */
  close(): void {
    clearInterval(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }

  private write(chunk: string, only?: ServerResponse): void {
    for (const c of only ? [only] : this.clients) if (!c.writableEnded) c.write(chunk);
  }
}
