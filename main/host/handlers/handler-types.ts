import type { z } from 'zod';
import type { Services } from '../../core/services.js';
import type { Channel, ChannelInput, ChannelOutput, DesktopAbilities, PushEvent, PushEvents } from '../../../preload/contract.js';

/** Where the user's Stripe key is kept (the shell: safeStorage; the web host: memory for this run). */
export interface StripeKeyVault {
  /** How a stored key is protected. */
  protection(): 'os' | 'basic_text' | 'memory' | 'none';
  has(): boolean;
  /** Stores a key already checked by checkSecretKey (never logged). */
  write(key: string): void;
  clear(): void;
}

/** A file the web host will serve once, from a path only it chose (no path ever comes from the client). */
export interface DownloadSlot {
  /** Where the export is written (under the data folder's exports/). */
  path: string;
  /** Makes the written file downloadable; returns its same-origin URL. */
  ready(bytes: number): string;
  /** Drops the slot and its file (the export failed). */
  discard(): Promise<void>;
}

/** What a host can do for a handler beyond the engine (absent where the host can't). */
export interface HostCapabilities {
  /** Opens an allow-listed URL in the system browser; false when it was not opened. */
  openExternal?(url: string): Promise<boolean>;
  /** Electron: asks where to save an export (save dialog); the path, or null if the user cancelled. */
  chooseSavePath?(fileName: string): Promise<string | null>;
  /** Web host: reserves a one-time download for an export. */
  prepareDownload?(fileName: string, mimeType: string): Promise<DownloadSlot>;
  /** Sends a pushed event to the caller's UI (export progress). */
  push?<E extends PushEvent>(event: E, payload: PushEvents[E]): void;
  /** The stored Stripe key's vault; absent where keys cannot be stored. */
  stripeKeys?: StripeKeyVault;
  /** Called after the Stripe key changed (the shell re-reads its allow-list). */
  onPaymentsModeChanged?(): void;
  /** The desktop app: what it can do on this system (app/info reports it; Settings hides what it cannot). */
  desktopAbilities?(): DesktopAbilities;
  /** How the host's last background payments sync went (the push hub's; absent where none runs, e.g. the CLI). */
  paymentsSyncStatus?(): { at: number | null; error: string | null };
}

/** Everything a handler is given besides its validated input. */
export interface HandlerContext {
  services: Services;
  transport: 'electron' | 'web' | 'cli';
  testControls: boolean;
  version: string;
  host: HostCapabilities;
}

/** One channel's handler: the schema its input must pass, then the work. */
export interface Handler<C extends Channel> {
  schema: z.ZodType<ChannelInput<C>>;
  /** True when it can change state: the host pushes a fresh snapshot afterwards. */
  mutates?: boolean;
  handle(ctx: HandlerContext, input: ChannelInput<C>): Promise<ChannelOutput<C>> | ChannelOutput<C>;
}

/** The handler table: channels whose module is not built yet are simply absent (`not_available`). */
export type HandlerTable = { [C in Channel]?: Handler<C> };

/** Helps TypeScript check one handler against its channel. */
export function handler<C extends Channel>(_channel: C, h: Handler<C>): Handler<C> {
  return h;
}
