import { soakSlice } from './soak/ci-slice.js';

// Half of the seeds `npm test` runs (soak/ci-slice.ts, docs/RELIABILITY.md).
soakSlice(1);
