import { emptyReport } from '../billing/settle-types.js';
import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import { userTimeZone } from '../settings/engine-settings.js';
import { ScheduleRepo, type StoredSchedule } from './schedule-repo.js';
import { resumeOrPauseForCredits, ScheduleSource } from './schedule-source.js';
import type { PauseWindow } from './schedule-types.js';
import { firstEdge, isPausedAt, validateSchedule } from './weekly-windows.js';

/** What `set` takes: windows, and a zone (the user's zone when omitted). */
export interface ScheduleInput {
  windows: PauseWindow[];
  timeZone?: string;
  /** Add these windows to the existing ones instead of replacing them. */
  add?: boolean;
}

/** The result of clearing a schedule: whether the deployment was resumed. */
export interface ClearResult {
  removed: boolean;
  resumed: boolean;
}

/**
 * Pause schedules per deployment. Setting one inside a pause window pauses a
 * running deployment at once; clearing one resumes what the schedule paused.
 */
export class PauseSchedules {
  readonly repo: ScheduleRepo;
  readonly source: ScheduleSource;

  constructor(private readonly engine: Engine) {
    this.repo = new ScheduleRepo(engine.db);
    this.source = new ScheduleSource(this.repo, engine.deployments, engine.lifecycle);
    // Credits arriving at night must not start what the schedule keeps paused.
    engine.addResumeHold((id, at) => {
      const s = this.repo.find(id);
      return s !== undefined && isPausedAt(s, at);
    });
  }

  /** Sets (or extends) a deployment's schedule, then settles so an edge at `now` applies at once. */
  async set(deploymentId: number, input: ScheduleInput): Promise<StoredSchedule> {
    const check = () => {
      const d = this.engine.deployments.get(deploymentId);
      if (d.state === 'stopped') throw new RefusedError('invalid_state', `deployment ${d.id} (${d.name}) is stopped: it needs no schedule`);
      const existing = input.add ? (this.repo.find(deploymentId)?.windows ?? []) : [];
      return validateSchedule({
        deploymentId,
        timeZone: input.timeZone ?? this.repo.find(deploymentId)?.timeZone ?? userTimeZone(this.engine.settings),
        windows: [...existing, ...input.windows],
      });
    };
    await this.engine.act(
      (now) => {
        const s = check();
        this.repo.upsert(s, firstEdge(s, now), now);
      },
      () => void check(),
    );
    await this.engine.settle();
    return this.repo.find(deploymentId)!;
  }

  /** Removes a schedule; a deployment the schedule had paused is resumed (or paused for credits). */
  async clear(deploymentId: number): Promise<ClearResult> {
    return this.engine.act(
      (now) => {
        const d = this.engine.deployments.get(deploymentId);
        const removed = this.repo.remove(deploymentId);
        let resumed = false;
        if (removed && d.state === 'paused' && d.pausedReason === 'schedule') {
          resumed = resumeOrPauseForCredits(this.engine.lifecycle, this.engine.deployments, d, now, emptyReport());
        }
        return { removed, resumed };
      },
      () => void this.engine.deployments.get(deploymentId),
    );
  }

  /** A deployment's schedule, or null. */
  get(deploymentId: number): StoredSchedule | null {
    return this.repo.find(deploymentId) ?? null;
  }

  /** All schedules. */
  list(): StoredSchedule[] {
    return this.repo.list();
  }
}
