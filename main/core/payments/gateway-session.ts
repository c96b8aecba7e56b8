import { RefusedError } from '../errors.js';
import type { BackendBinding } from './backend-binding.js';
import { GatewayError, type PaymentGateway } from './gateway.js';

/**
 * The open payment gateway and the backend it is bound to. The gateway opens
 * once, on first use (the sandbox starts only when something pays), and is
 * bound to the account state of the backend it reaches (backend-binding.ts)
 * before anything is sent to it; every later use checks the binding again.
 */
export class GatewaySession {
  private gatewayPromise: Promise<PaymentGateway> | null = null;
  /** The identity of the backend the open gateway reaches, once bound. */
  private boundIdentity: string | null = null;
  /** The open gateway's sandbox origin (known once it opened). */
  private openSandboxOrigin: string | null = null;

  constructor(
    private readonly openGateway: () => Promise<PaymentGateway>,
    private readonly binding: BackendBinding,
    /** The saved cards were swapped for another backend's (auto-refill may have lost its card). */
    private readonly onCardsSwapped: () => void,
  ) {}

  /** The gateway, opened and bound on first use; rebound when another process bound another backend since. */
  async gateway(): Promise<PaymentGateway> {
    this.gatewayPromise ??= this.openGateway().then(
      async (gw) => {
        try {
          await this.bindBackend(gw);
        } catch (err) {
          // Not kept: a backend unreachable for a moment must not break payments until a restart.
          this.gatewayPromise = null;
          await gw.close().catch(() => undefined);
          throw err;
        }
        this.openSandboxOrigin = gw.sandboxOrigin ?? null;
        return gw;
      },
      (err: unknown) => {
        this.gatewayPromise = null;
        throw err;
      },
    );
    const gw = await this.gatewayPromise;
    // Another process on this ledger (the CLI without the app's key) may have bound its backend since:
    // take this one's state back before anything reads the customer or cards to send here.
    if (this.boundIdentity !== null && this.binding.current() !== this.boundIdentity && this.binding.bind(this.boundIdentity)) {
      this.onCardsSwapped();
    }
    return gw;
  }

  /** Opens (and so binds) the gateway when the backend can be reached; unreachable or a refused key is no error here. */
  async bindIfReachable(): Promise<void> {
    try {
      await this.gateway();
    } catch (err) {
      if (!(err instanceof GatewayError) && !(err instanceof RefusedError)) throw err;
    }
  }

  /**
   * The loopback origin of the in-process sandbox when it is the open gateway,
   * else null: the shell allows exactly this origin's checkout pages.
   */
  sandboxOrigin(): string | null {
    return this.gatewayPromise ? this.openSandboxOrigin : null;
  }

  /** The active payments backend's identity (a Stripe account id, or the server's address), once one was bound. */
  backend(): string | null {
    return this.binding.current();
  }

  /** Closes the gateway (stops the in-process sandbox); the next use opens it again with the configuration then. */
  async close(): Promise<void> {
    const gw = this.gatewayPromise;
    this.gatewayPromise = null;
    this.openSandboxOrigin = null;
    this.boundIdentity = null;
    if (gw) await (await gw.catch(() => null))?.close();
  }

  /** Asks the backend who it is; a different one than last time swaps the customer, cursor and saved cards. */
  private async bindBackend(gw: PaymentGateway): Promise<void> {
    const identity = await gw.identity();
    if (this.binding.bind(identity)) this.onCardsSwapped();
    this.boundIdentity = identity;
  }
}
