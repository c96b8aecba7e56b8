import { ipcMain, type WebContents } from 'electron';
import { CHANNELS } from '../../preload/channels.js';
import type { PushEvent, PushEvents } from '../../preload/contract.js';
import type { Dispatched } from '../host/handlers/dispatch.js';
import { isTrustedSender } from './ipc-sender.js';

/** Answers one request (the shell's: the team channels, the connected engine or the local handler table, host/team/team-control.ts). */
export type IpcDispatch = (channel: string, input: unknown) => Promise<Dispatched>;

/**
 * The one place raw ipcMain is used: one `handle` per contract channel, each
 * behind the sender check, each answering with the dispatcher's Reply.
 */
export class IpcGate {
  private readonly trusted = new Set<number>();
  private readonly contents = new Map<number, WebContents>();

  constructor(
    private readonly answer: IpcDispatch,
    private readonly onMutated: () => void,
  ) {}

  /** Registers every channel's handler. */
  open(): void {
    for (const channel of CHANNELS) {
      ipcMain.handle(channel, async (event, input: unknown) => {
        const frame = event.senderFrame;
        const facts = { webContentsId: event.sender.id, isMainFrame: frame !== null && frame === event.sender.mainFrame, frameUrl: frame?.url ?? '' };
        if (!isTrustedSender(facts, this.trusted)) return { error: { code: 'forbidden', message: 'this sender may not call Burnrate' } };
        const { reply, mutated } = await this.answer(channel, input);
        if (mutated) this.onMutated();
        return reply;
      });
    }
  }

  /** Trusts one window's webContents until it is destroyed. */
  trust(wc: WebContents): void {
    this.trusted.add(wc.id);
    this.contents.set(wc.id, wc);
    wc.once('destroyed', () => {
      this.trusted.delete(wc.id);
      this.contents.delete(wc.id);
    });
  }

  /** Pushes an event to every trusted window. */
  push<E extends PushEvent>(event: E, payload: PushEvents[E]): void {
    for (const wc of this.contents.values()) if (!wc.isDestroyed()) wc.send(event, payload);
  }

  /** Removes every handler. */
  close(): void {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  }
}
