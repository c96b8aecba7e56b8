import type { Clock } from '../core/clock.js';
import type { Services } from '../core/services.js';
import { openReplicaReadOnly } from '../client/replica/replica-store.js';
import { openServices } from './local-services.js';

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
    return await openServices({ dataDir, store, clock, env, resolvePendingPayments: false });
  } catch (err) {
    store.close();
    throw err;
  }
}
