import type { z } from 'zod';
import type { Services } from '../../core/services.js';
import type { Channel, ChannelInput, ChannelOutput } from '../../../preload/contract.js';

/** What a host can do for a handler beyond the engine (absent where the host can't). */
export interface HostCapabilities {
  /** Opens an allow-listed URL in the system browser; false when it was not opened. */
  openExternal?(url: string): Promise<boolean>;
  /** Lets the user save an export (Electron: save dialog); returns the path, or null if cancelled. */
  saveFile?(fileName: string, data: Buffer): Promise<string | null>;
  /** Keeps an export for one download (web host); returns its same-origin URL. */
  offerDownload?(fileName: string, mimeType: string, data: Buffer): string;
  /** The built-in sandbox's loopback origin, whose checkout pages may be opened; null with real Stripe. */
  sandboxOrigin?(): string | null;
}

/** Everything a handler is given besides its validated input. */
export interface HandlerContext {
  services: Services;
  transport: 'electron' | 'web';
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
