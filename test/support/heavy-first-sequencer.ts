import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Whole-system files (browser flows, harness slices, team-server processes)
 * and stress slices: each takes 10–60 s where most files take under one.
 */
const HEAVY = /[\\/]test[\\/](e2e|reliability|server)[\\/]|-stress\.test\.ts$/;

/**
 * Vitest's order (its cached durations when it has them, else larger files
 * first), with the whole-system files moved to the front. On a clean clone
 * there are no cached durations, and a four-line soak slice sorted by size ran
 * last: the run then ended with one worker busy for 30 s and the others idle.
 */
export default class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const heavy = (f: TestSpecification) => HEAVY.test(f.moduleId);
    return [...sorted.filter(heavy), ...sorted.filter((f) => !heavy(f))];
  }
}
