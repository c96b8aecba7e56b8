import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { clusterDatabases, startPostgresCluster, type ClusterAccess, type PostgresCluster } from './postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's PostgreSQL cluster (global-setup.ts), or null when no selected file needs one. */
    burnratePostgres: ClusterAccess | null;
  }
}

/**
 * PostgreSQL for one test file: the run's cluster that global-setup.ts
 * started (one initdb per `vitest run`, not one per file), in which this file
 * makes its own databases and roles; stop() drops them and leaves the cluster
 * running for the other files. When the run has no cluster (global setup saw
 * no file that needs one, e.g. a filter it could not read), the file starts
 * a cluster of its own, as before. Call in beforeAll; call stop() in afterAll.
 */
export async function postgresForFile(): Promise<PostgresCluster> {
  const access = inject('burnratePostgres');
  if (!access) return startPostgresCluster();
  // Two files run at once on the shared cluster: their databases and roles must not collide.
  const databases = clusterDatabases(access, randomBytes(4).toString('hex'));
  let stopped = false;
  return {
    access,
    adminUrl: databases.adminUrl,
    port: access.port,
    createDatabase: databases.create,
    async stop() {
      if (stopped) return;
      stopped = true;
      await databases.dropAll();
    },
  };
}
