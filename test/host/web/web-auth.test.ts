import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { createHandlerTable } from '../../../main/host/handlers/handler-table.js';
import { Downloads } from '../../../main/host/web/downloads.js';
import { LaunchFile } from '../../../main/host/web/launch-file.js';
import { BODY_TIMEOUT_MS } from '../../../main/host/web/request-body.js';
import { LAUNCH_CODE_TTL_MS, WebSessions } from '../../../main/host/web/web-auth.js';
import { startWebHost, type WebHost } from '../../../main/host/web/web-server.js';
import { send } from './web-client.js';

const withToken = (token: string) => ({ headers: { 'x-burnrate-token': token } }) as unknown as IncomingMessage;
const dirs: string[] = [];
let services: Services | null = null;
let host: WebHost | null = null;
afterEach(async () => {
  await host?.close();
  await services?.close();
  host = null;
  services = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('launch codes: single use, short-lived', () => {
  it('the rules are 5 minutes for a code and 10 s for a request body', () => {
    expect(LAUNCH_CODE_TTL_MS).toBe(5 * 60_000);
    expect(BODY_TIMEOUT_MS).toBe(10_000);
  });

  it.each([
    ['spent at once', 0, true],
    ['spent a moment before it expires', LAUNCH_CODE_TTL_MS - 1, true],
    ['spent when it expires', LAUNCH_CODE_TTL_MS, false],
    ['spent an hour later', 3_600_000, false],
  ])('a code %s: %s', (_what, after, works) => {
    let now = 1_000_000;
    const sessions = new WebSessions(() => now);
    const code = sessions.issueCode();
    now += after;
    const token = sessions.exchange(code);
    expect(token !== null).toBe(works);
    if (token) expect(sessions.isAuthorized(withToken(token))).toBe(true);
  });

  it('a code works once; the session it gave keeps working; the code itself is never a session', () => {
    const sessions = new WebSessions();
    const code = sessions.issueCode();
    expect(sessions.isAuthorized(withToken(code))).toBe(false);
    const token = sessions.exchange(code)!;
    expect(sessions.exchange(code)).toBeNull();
    expect(sessions.isAuthorized(withToken(token))).toBe(true);
    expect(sessions.exchange(token)).toBeNull();
  });

  it.each([undefined, null, 42, '', 'x'.repeat(101), ['a']])('%j is not a code', (code) => {
    const sessions = new WebSessions();
    sessions.issueCode();
    expect(sessions.exchange(code)).toBeNull();
  });
});

describe('downloads are short-lived', () => {
  it.each([
    [5 * 60_000 - 1, 200],
    [5 * 60_000, 404],
  ])('a download asked for %s ms after the export answers %s', async (after, status) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'burnrate-dl-'));
    dirs.push(dir);
    let now = 0;
    const downloads = new Downloads(dir, () => now);
    const slot = await downloads.prepare('t.csv', 'text/csv');
    writeFileSync(slot.path, 'a,b\n');
    const id = slot.ready(4).slice('/api/download/'.length);
    now += after;
    let served = 404;
    const sink = new PassThrough();
    const res = Object.assign(sink, { writeHead: (s: number) => (served = s) }) as unknown as ServerResponse;
    const finished = new Promise((r) => sink.on('finish', r));
    sink.resume();
    if (downloads.serve(id, res, {})) await finished;
    expect(served).toBe(status);
    await downloads.close();
  });
});

describe("the launch file: how the browser is opened without a secret in any process's arguments", () => {
  it('is owner-only, holds a working link, gets a fresh one once that link is spent, and goes away with the host', async () => {
    const rendererDir = mkdtempSync(path.join(tmpdir(), 'burnrate-web-'));
    dirs.push(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Burnrate UI</title>');
    services = await openServices({ dataDir: ':memory:', clock: new SimulatedClock(Date.parse('2025-03-03T09:00:00Z')) });
    const launchFile = await LaunchFile.create();
    host = await startWebHost({ services, table: createHandlerTable(), rendererDir, version: '0', launchFile });
    expect(host.launchFile).toBe(launchFile.file);
    expect(statSync(launchFile.file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(launchFile.file)).mode & 0o777).toBe(0o700);
    const codeIn = () => /#code=([A-Za-z0-9_-]{43})"/.exec(readFileSync(launchFile.file, 'utf8'))?.[1] ?? '';
    const first = codeIn();
    expect(readFileSync(launchFile.file, 'utf8')).toContain(`http-equiv="refresh" content="0;url=${host.origin}/launch#code=${first}"`);
    const exchange = (code: string) => send(host!.port, 'POST', '/api/session', { 'content-type': 'application/json' }, JSON.stringify({ code }));
    expect((await exchange(first)).status).toBe(200);
    const second = codeIn();
    expect(second).not.toBe(first);
    expect(statSync(launchFile.file).mode & 0o777).toBe(0o600);
    expect((await exchange(first)).status).toBe(401);
    expect((await exchange(second)).status).toBe(200);
    await host.close();
    host = null;
    expect(existsSync(path.dirname(launchFile.file))).toBe(false);
  });
});
