// The renderer sees main only through these types (lint forbids anything else).
export type * from '../../../preload/contract';
