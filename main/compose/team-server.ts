import { RefusedError } from '../core/errors.js';
import { NAME_RULES, validateName } from '../core/names.js';
import type { MemberDirectory, OrgCreator } from '../core/team/member-directory.js';
import { startServerHost } from '../server/server-host.js';
import type { SyncSource } from '../server/server-routes.js';
import { newMemberToken, tokenHash } from '../server/tokens.js';
import { ConnectionHolder } from '../stores/postgres/connection-holder.js';
import { PgMemberDirectory } from '../stores/postgres/members.js';
import { PgOrgChanges } from '../stores/postgres/org-changes.js';
import { runPgMigrations } from '../stores/postgres/migrate.js';
import { SERVER_MIGRATIONS } from '../stores/postgres/migrations/index.js';
import { PgError } from '../stores/postgres/sync-connection.js';
import { readSyncPage } from '../stores/postgres/sync-pull.js';
import { PgStripeInbox } from '../stores/postgres/stripe-inbox.js';
import { systemClock } from '../core/clock.js';
import { isWebhookSecret, StripeWebhooks } from './stripe-webhooks.js';
import { checkStripeKey } from '../adapters/payments/stripe-key-check.js';
import { loadWebhookTools } from '../adapters/payments/stripe-webhook.js';
import { gatewayConfigFromEnv } from '../core/payments/gateway-config.js';
import { startScheduler } from './server-scheduler.js';
import { OrgServices, serverChannelRunner } from './server-services.js';

/** How the team server is run (`burnrate server`). */
export interface TeamServerOptions {
  /** postgres://… (never logged: it may hold a password). */
  databaseUrl: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  testClock: boolean;
  /** Where the built-in payments sandbox keeps its files when no BURNRATE_STRIPE_API / STRIPE_SECRET_KEY is set. */
  sandboxDir: string;
  /** The gateway's environment (BURNRATE_STRIPE_API, STRIPE_SECRET_KEY). */
  env: NodeJS.ProcessEnv;
  /** Milliseconds between the scheduler's ticks (default 15 s). */
  tickMs?: number;
  /** Milliseconds between an org's usage scrapes (default a minute; BURNRATE_SERVER_SCRAPE_MS). */
  scrapeEveryMs?: number;
  /** Milliseconds between an event stream's keep-alives (default 15 s; BURNRATE_SERVER_KEEPALIVE_MS). */
  keepAliveMs?: number;
  /** How many orgs' engines (one PostgreSQL connection each) stay open at most (default 32). */
  maxOpenOrgs?: number;
  version?: string;
  log?: (line: string) => void;
}

/** A running team server. */
export interface TeamServer {
  url: string;
  /** Stops taking requests, lets those in flight finish, closes the database connection. */
  close(): Promise<void>;
}

/** The server's database, migrated: refuses (exit 2) one it cannot reach or log in to, naming why but never the URL. */
function openDatabase(databaseUrl: string): ConnectionHolder {
  const db = new ConnectionHolder(databaseUrl);
  try {
    db.use((conn) => runPgMigrations(conn, SERVER_MIGRATIONS));
    return db;
  } catch (err) {
    db.drop();
    if (err instanceof PgError && (err.code === undefined || !/^[0-9A-Z]{5}$/.test(err.code) || /^(08|28|3D)/.test(err.code))) {
      throw new RefusedError('database_unreachable', `cannot use the database: ${err.message}`);
    }
    throw err;
  }
}

/**
 * The team server's composition root: the PostgreSQL store (migrated on
 * start; several processes may start at once), the member directory over it,
 * the HTTP host serving the handler table per org (server-services.ts), and
 * the scheduler that settles every org's due hours with nobody connected.
 */
export async function startTeamServer(opts: TeamServerOptions): Promise<TeamServer> {
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const webhookSecret = opts.env.STRIPE_WEBHOOK_SECRET || null;
  if (webhookSecret !== null && !isWebhookSecret(webhookSecret)) {
    throw new RefusedError(
      'invalid_webhook_secret',
      "STRIPE_WEBHOOK_SECRET must be the endpoint's signing secret, whsec_… (Stripe shows it once, with the endpoint)",
    );
  }
  // A malformed key stops the server here (exit 2); a live one is accepted: the server is where it belongs.
  const payments = gatewayConfigFromEnv(opts.env, null, { liveKeys: true });
  const db = openDatabase(opts.databaseUrl);
  warnIfCommitsNotDurable(db, log);
  const members: MemberDirectory = new PgMemberDirectory(db);
  const orgs = new OrgServices({ databaseUrl: opts.databaseUrl, sandboxDir: opts.sandboxDir, env: opts.env, log, maxOpenOrgs: opts.maxOpenOrgs });
  const changes = new PgOrgChanges({ databaseUrl: opts.databaseUrl, db, log });
  try {
    await changes.start();
    const channels = serverChannelRunner(orgs, opts.version ?? '');
    const sync: SyncSource = { pull: (orgId, after, limit) => orgs.withStore(orgId, (store) => readSyncPage(store.conn, orgId, after, limit)) };
    const stripeWebhook = webhookSecret === null ? null : new StripeWebhooks(webhookSecret, new PgStripeInbox(db), orgs, log, await loadWebhookTools());
    const host = await startServerHost({
      members,
      channels,
      sync,
      events: changes,
      keepAliveMs: opts.keepAliveMs,
      stripeWebhook,
      host: opts.host,
      port: opts.port,
      testClock: opts.testClock,
      log,
    });
    const scheduler = startScheduler({ db, orgs, tickMs: opts.tickMs, scrapeEveryMs: opts.scrapeEveryMs, log });
    void scheduler.tick();
    if (payments.mode === 'stripe-live' || payments.mode === 'stripe-test') void reportKeyCheck(payments.mode, payments.apiKey, log);
    // Events kept by a process that stopped before applying them (or that failed once) are applied on the next pass.
    const inboxTimer = stripeWebhook
      ? setInterval(
          () => void stripeWebhook.applyPending(systemClock).catch((err: unknown) => log(`[burnrate server] applying Stripe events failed: ${String(err)}`)),
          opts.tickMs ?? 15_000,
        )
      : null;
    inboxTimer?.unref();
    return {
      url: host.url,
      async close() {
        await host.close();
        await changes.close();
        if (inboxTimer) clearInterval(inboxTimer);
        await stripeWebhook?.applyPending(systemClock).catch(() => 0);
        await scheduler.stop();
        await orgs.close();
        db.drop();
      },
    };
  } catch (err) {
    await changes.close();
    await orgs.close();
    db.drop();
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'EADDRINUSE') throw new RefusedError('port_in_use', `${opts.host}:${opts.port} is in use: choose another --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new RefusedError('invalid_host', `cannot listen on ${opts.host}: no such local address`);
    throw err;
  }
}

/**
 * Says so in the log when the database acknowledges commits before they are
 * durable: the server tells a lead a pause or a payment is done once
 * PostgreSQL has committed it, and with synchronous_commit off a database
 * crash forgets the last such commits (the team harness saw exactly that).
 */
function warnIfCommitsNotDurable(db: ConnectionHolder, log: (line: string) => void): void {
  const setting = db.use((conn) => conn.get<{ synchronous_commit: string }>('SHOW synchronous_commit'))?.synchronous_commit;
  if (setting === 'off') {
    log(
      '[burnrate server] warning: the database runs with synchronous_commit = off: a database crash can lose changes members were told were done; set it to on',
    );
  }
}

/** Asks Stripe once whether it takes the server's key and says so in the log (never the key; the server runs either way). */
async function reportKeyCheck(mode: 'stripe-live' | 'stripe-test', apiKey: string, log: (line: string) => void): Promise<void> {
  const which = `${mode === 'stripe-live' ? 'live' : 'test'} Stripe key (…${apiKey.slice(-4)})`;
  const check = await checkStripeKey(apiKey);
  if (check.outcome === 'ok') return log(`[burnrate server] payments: ${which}, accepted by Stripe`);
  if (check.outcome === 'refused')
    return log(`[burnrate server] payments: Stripe refused the ${which}: ${check.message} — payments will fail until STRIPE_SECRET_KEY is fixed`);
  log(`[burnrate server] payments: could not reach Stripe to check the ${which} (${check.message}); payments wait for Stripe to answer`);
}

/**
 * Creates an org and its first admin straight on the database (migrating it
 * first); the org's checked name and the admin's token, shown once.
 */
export async function createOrgOnDatabase(
  databaseUrl: string,
  org: { name: string; adminEmail: string; at: number },
): Promise<{ orgId: number; name: string; token: string }> {
  const name = validateName(org.name, NAME_RULES.org);
  const db = openDatabase(databaseUrl);
  try {
    const creator: OrgCreator = new PgMemberDirectory(db);
    const token = newMemberToken();
    const { orgId } = await creator.createOrg({ name, adminEmail: org.adminEmail, tokenHash: tokenHash(token), at: org.at });
    return { orgId, name, token };
  } finally {
    db.drop();
  }
}
