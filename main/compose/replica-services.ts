import type { Clock } from '../core/clock.js';
import type { Services } from '../core/services.js';
import { openReplicaReadOnly } from '../client/replica/replica-store.js';
import { RefusedError } from '../core/errors.js';
import { openServices } from './local-services.js';

/**
 * The replica's payments backend: none. Its cards, payments and refills are
 * the server's copies; reads of them need no backend (a card list falls back
 * to the stored cards when the backend refuses), and anything that would pay
 * is refused before it runs (replica-door.ts).
 */
function noGateway(): Promise<never> {
  return Promise.reject(new RefusedError('offline', 'payments go through the team server: the synced replica reads them, it pays nothing'));
}

/**
 * The engine's read side on the synced replica in `dataDir` (client mode,
 * docs/server.md "The synced replica"): the same modules the desktop runs,
 * on the replica opened read-only, so nothing is settled or written and the
 * figures come from the same code as on the server. Refused with
 * `no_replica` (exit 2) when the folder holds none yet.
 */
export async function openReplicaServices(dataDir: string, clock: Clock, env: NodeJS.ProcessEnv): Promise<Services> {
  const store = openReplicaReadOnly(dataDir);
  try {
    return await openServices({ dataDir, store, clock, env, resolvePendingPayments: false, openGateway: noGateway });
  } catch (err) {
    store.close();
    throw err;
  }
}
