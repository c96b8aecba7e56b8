import { soakSlice } from './soak/ci-slice.js';

// A quarter of the 1,000 seeds CI runs (docs/RELIABILITY.md).
soakSlice(1);
