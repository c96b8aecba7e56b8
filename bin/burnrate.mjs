#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx burnrate` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../main/host/cli/main.ts');
