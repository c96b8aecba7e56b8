import type { Deployment as DeploymentDto, LedgerEntry as EntryDto } from '../../../preload/contract.js';
import type { Deployment } from '../../core/deployments/deployment-types.js';
import type { Engine } from '../../core/engine.js';
import type { LedgerEntry } from '../../core/ledger/entry-types.js';
import { deploymentJson, entryJson } from '../cli/present.js';

/** A deployment as the contract shows it (the same shape the CLI prints with --json). */
export function deploymentDto(engine: Engine, d: Deployment): DeploymentDto {
  return deploymentJson(engine, d);
}

/** A ledger entry as the contract shows it (times ISO-8601 UTC). */
export function entryDto(e: LedgerEntry): EntryDto {
  return entryJson(e);
}
