/**
 * The app's own sandbox runs inside the app's process, on a port every local
 * user can reach: nothing sent to it may change that process's state. Each
 * hostile request below gets an answer (never a crash, never a 500), leaves
 * the shared objects of the process alone, and the next honest request works.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../main/stripe-sandbox/index.js';
import { sandboxStripeClient } from '../../main/stripe-sandbox/client.js';

const KEY = `sk_test_${'c0ffee'.repeat(8)}`;
const SHARED = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Object, JSON];
const ownProps = () => SHARED.map((o) => Reflect.ownKeys(o).map((k) => [k, Object.getOwnPropertyDescriptor(o, k)?.value] as const));
const before = ownProps();
const envBefore = JSON.stringify(process.env);

/** Whether any shared object gained, lost or changed a property since the module loaded. */
function sharedUntouched(): boolean {
  const now = ownProps();
  return now.every((props, i) => props.length === before[i]!.length && props.every(([k, v], j) => before[i]![j]![0] === k && Object.is(before[i]![j]![1], v)));
}

/** Sends raw bytes (a request line fetch would refuse to send) and returns the status line's code, or 'closed'. */
function rawRequest(port: number, text: string): Promise<number | 'closed'> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
    let data = '';
    socket.on('data', (d) => (data += String(d)));
    socket.on('error', () => resolve('closed'));
    socket.on('close', () => resolve(/^HTTP\/1\.1 (\d{3})/.exec(data) ? Number(/^HTTP\/1\.1 (\d{3})/.exec(data)![1]) : 'closed'));
  });
}

let sandbox: SandboxHandle;
const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => uncaught.push(err);

beforeAll(() => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
});
afterAll(() => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});
beforeEach(async () => {
  sandbox = await startSandbox({ dbFile: ':memory:', secretKey: KEY });
});
afterEach(async () => {
  await sandbox.close();
});

const own = { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' };
const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe("hostile requests to the app's own sandbox", () => {
  it.each([
    ['GET // (no URL at all: it ended the process)', 'GET // HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['GET http://[ (a broken absolute URL)', 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['a malformed escape in an id', 'GET /v1/customers/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n', 401],
    ['a request line the HTTP parser refuses', 'BREW /\x00 HTTP/1.1\r\n\r\n', 400],
  ])('raw: %s is answered', async (_what, text, status) => {
    expect(await rawRequest(sandbox.port, text)).toBe(status);
  });

  it.each([
    ['API: hasOwnProperty[call]=x (it polluted Object.prototype)', 'POST', '/v1/customers', own, 'hasOwnProperty[call]=x', 400],
    ['API: __proto__ in metadata', 'POST', '/v1/customers', own, 'metadata[__proto__][polluted]=1', 400],
    ['API: constructor[prototype]', 'POST', '/v1/customers', own, 'constructor[prototype][polluted]=1', 400],
    ['API: an inherited name as a range operator', 'GET', '/v1/customers?created[toString]=1', own, undefined, 400],
    ['API: an inherited name as a metadata key', 'POST', '/v1/customers', own, 'metadata[hasOwnProperty]=x&metadata[toString]=y', 200],
    ['API: nesting 10,000 levels deep', 'POST', '/v1/customers', own, `a${'[b]'.repeat(10_000)}=1`, 400],
    ['API: a malformed escape in an id', 'GET', '/v1/customers/%E0%A4%A', own, undefined, 404],
    ['page: hasOwnProperty[call]=x with no key', 'POST', '/checkout/cs_test_x/pay', form, 'hasOwnProperty[call]=x', 404],
    ['page: __proto__ with no key', 'POST', '/checkout/cs_test_x/pay', form, '__proto__[polluted]=1', 400],
    ['control: faults as a form', 'POST', '/_sandbox/faults', form, 'failRate=1', 403],
    ['control: broken JSON', 'POST', '/_sandbox/faults', { 'Content-Type': 'application/json' }, '{"__proto__":', 403],
    ['a body over 1 MiB', 'POST', '/v1/customers', own, `email=${'a'.repeat(2 << 20)}`, 413],
  ])('%s is answered', async (_what, method, path, headers, body, status) => {
    const res = await fetch(`${sandbox.url}${path}`, { method, headers, body }).catch(() => null);
    // A client still sending when the 413 comes may see the connection close instead: both are answers.
    if (res || status !== 413) expect(res?.status).toBe(status);
  });

  afterEach(async () => {
    // After every hostile request: the process is as it was, and honest requests still work.
    expect(uncaught).toEqual([]);
    expect(sharedUntouched()).toBe(true);
    expect(Object.prototype.hasOwnProperty.call({ k: 1 }, 'k')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(process.env)).toBe(envBefore);
    const stripe = sandboxStripeClient(sandbox, KEY);
    const customer = await stripe.customers.create({ email: 'after@example.com', metadata: { k: 'v' } });
    expect((await stripe.customers.retrieve(customer.id)) as { email: string }).toMatchObject({ email: 'after@example.com' });
    expect(sandbox.faults.snapshot()).toMatchObject({ latencyMs: 0, failRate: 0, rateLimitRate: 0, dropRate: 0, pending: [] });
  });
});
