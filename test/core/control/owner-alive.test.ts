import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ownerAlive, processOwner } from '../../../main/core/control/deployment-control.js';

/** A pid no process has (above Linux's pid_max limit of 2^22). */
const NO_SUCH_PID = 4_194_400;

describe('outbox owners name a process by host, pid and boot id', () => {
  it('this process is "host:pid:boot" with 12 hex digits of boot id', () => {
    expect(processOwner()).toMatch(new RegExp(`^${os.hostname()}:${process.pid}:[0-9a-f]{12}$`));
  });

  it.each<[string, boolean, () => string]>([
    ['this very process', true, () => processOwner()],
    ['this pid with another boot id: an earlier process that had the pid (a restarted container)', false, () => `${os.hostname()}:${process.pid}:000000000000`],
    ['a runner of this machine, alive (no boot id: host:pid)', true, () => `${os.hostname()}:${process.ppid}`],
    ['a pid no process of this machine has', false, () => `${os.hostname()}:${NO_SUCH_PID}:abcdefabcdef`],
    ["another machine's process: assumed alive, its claim lapses by its deadline", true, () => `not-${os.hostname()}:${NO_SUCH_PID}:abcdefabcdef`],
  ])('%s → alive: %s', (_what, alive, owner) => {
    expect(ownerAlive(owner())).toBe(alive);
  });
});
