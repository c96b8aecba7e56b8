/**
 * Keeps each shown notification reachable until it is clicked, closed or
 * fails. Electron's Notification is garbage-collected as soon as nothing in JS
 * refers to it, and then its click handler never runs (electron/electron#16922):
 * a local variable is not enough.
 */

/** The part of Electron's Notification this needs (a fake in tests). */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'failed', listener: () => void): unknown;
  show(): void;
}

/** Notifications on screen, each held until it is done. */
export class LiveNotifications<N extends NotificationLike = NotificationLike> {
  private readonly live = new Set<N>();

  /** Shows `note` and holds it until click, close or failure; `onClick` runs on a click. */
  show(note: N, onClick: () => void): void {
    this.live.add(note);
    const release = () => this.live.delete(note);
    note.on('click', () => {
      release();
      onClick();
    });
    note.on('close', release);
    note.on('failed', release);
    note.show();
  }

  /** How many are held right now. */
  get size(): number {
    return this.live.size;
  }
}
