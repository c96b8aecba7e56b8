import type { Alert, Channel, Deployment, PushEvent, PushEvents, Snapshot, TeamStatus } from '../../preload/contract.js';
import type { ConnectedEngine } from '../compose/connected-engine.js';
import type { HostSide } from '../compose/connected-door.js';

type Listener = <E extends PushEvent>(event: E, payload: PushEvents[E]) => void;

/** The desktop's own engine's push side (PushHub), as the shell uses it. */
export interface LocalSide {
  refresh(): Promise<void>;
  current(): Snapshot | null;
  subscribe(listener: Listener): () => void;
}

/** The team server connection (TeamSwitch), as the shell uses it. */
export interface TeamSide {
  connected(): Pick<ConnectedEngine, 'refresh' | 'current' | 'door'> | null;
  status(): TeamStatus;
  subscribe(listener: Listener): () => void;
}

/** What the desktop routes to (Electron's windows, tray and notifications in the shell; recorders in tests). */
export interface DesktopTeamDeps {
  local: LocalSide;
  team: TeamSide;
  /** The host's side of a call (transport, abilities) for the connected engine's door. */
  host: HostSide;
  /** The local engine's deployments (the tray's Running ▸ list in local mode). */
  localDeployments(): Deployment[];
  /** Shows the local engine's pending alerts as notifications (its delivery queue: none lost while closed). */
  deliverLocalAlerts(): void;
  /** Shows one alert of the team server as a notification. */
  notify(alert: Alert): void;
  /** Sends an event to the windows. */
  push: Listener;
  /** Redraws the tray (when there is one). */
  drawTray(snapshot: Snapshot | null, deployments: readonly Deployment[], allowed: (channel: Channel) => boolean): void;
}

/**
 * Which engine drives the desktop: its own (local mode) or the team server's
 * org (connected). Connected, the desktop's own engine is never woken — the
 * server charges and refills — the windows get only the connected engine's
 * events, the tray is drawn from its snapshot and deployments with the actions
 * the member's role may take, and each alert the connected engine announces
 * (once, also those raised while every desktop was closed: it keeps the mark
 * in the replica) is a notification. Local, all as before.
 */
export class DesktopTeam {
  private readonly unsubscribe: (() => void)[];
  private drawing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: DesktopTeamDeps) {
    this.unsubscribe = [
      deps.local.subscribe((event, payload) => {
        if (deps.team.connected()) return;
        deps.push(event, payload);
        if (event === 'snapshot/changed') void this.redrawTray();
      }),
      deps.team.subscribe((event, payload) => {
        deps.push(event, payload);
        if (event === 'alerts/raised') deps.notify(payload as Alert);
        if (event === 'snapshot/changed' || event === 'team/changed') void this.redrawTray();
      }),
    ];
  }

  /** True while a team server's org drives the desktop. */
  connected(): boolean {
    return this.deps.team.connected() !== null;
  }

  /** A wake-up (heartbeat, resume from sleep, after an action): connected, the server is caught up with; local, the engine settles. */
  async wake(): Promise<void> {
    const engine = this.deps.team.connected();
    if (engine) return engine.refresh();
    await this.deps.local.refresh();
    this.deps.deliverLocalAlerts();
  }

  /** Whether the tray offers an action: everything locally; connected, what the role may do while the server answers. */
  allowed(channel: Channel): boolean {
    const status = this.deps.team.status();
    if (status.mode !== 'connected') return true;
    return status.online !== false && !status.denied?.includes(channel);
  }

  /** Redraws the tray from the engine that drives the desktop (one redraw at a time, in order). */
  redrawTray(): Promise<void> {
    this.drawing = this.drawing.then(
      () => this.draw(),
      () => this.draw(),
    );
    return this.drawing;
  }

  /** Stops routing events. */
  close(): void {
    for (const off of this.unsubscribe) off();
  }

  private async draw(): Promise<void> {
    const engine = this.deps.team.connected();
    const allowed = (channel: Channel) => this.allowed(channel);
    try {
      if (!engine) return this.deps.drawTray(this.deps.local.current(), this.deps.localDeployments(), allowed);
      // Offline, the list comes from the synced replica (the door reads it there).
      const deployments = await engine.door(this.deps.host).call('deployments/list', {});
      this.deps.drawTray(engine.current(), deployments, allowed);
    } catch (err) {
      console.error('[burnrate] redrawing the tray failed:', err instanceof Error ? err.message : String(err));
    }
  }
}
