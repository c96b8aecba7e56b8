import type { Clock } from '../core/clock.js';
import { RefusedError } from '../core/errors.js';
import type { SyncPage } from '../core/team/sync-page.js';
import type { MemberDirectory, TokenOwner } from '../core/team/member-directory.js';
import type { ServerRoutes } from './protocol.js';
import type { ServerRoute } from './roles.js';
import { newMemberToken, tokenHash } from './tokens.js';

/** Reads an org's changes for its clients' replicas (the store's job: main/stores/postgres/sync-pull.ts). */
export interface SyncSource {
  pull(orgId: number, after: number, limit: number): Promise<SyncPage>;
}

/** What a server route is given: the caller (already authorised for it), its checked input and the request's clock. */
interface RouteCall<R extends ServerRoute> {
  owner: TokenOwner;
  input: ServerRoutes[R]['input'];
  members: MemberDirectory;
  clock: Clock;
  /** Null on a server that does not serve its store's changes (tests of the host alone). */
  sync: SyncSource | null;
}

type RouteTable = { [R in ServerRoute]: (call: RouteCall<R>) => Promise<ServerRoutes[R]['output']> };

/** The team server's own routes: who am I, the org's members, and its changes for a replica. Each works inside the caller's org only. */
export const SERVER_ROUTES: RouteTable = {
  whoami: ({ owner }) => Promise.resolve({ orgId: owner.orgId, orgName: owner.orgName, email: owner.email, role: owner.role }),
  'members/list': ({ owner, members }) => members.list(owner.orgId),
  'members/add': async ({ owner, input, members, clock }) => {
    // The token exists only in this answer: the directory is given its hash.
    const token = newMemberToken();
    const added = await members.add(owner.orgId, { email: input.email, role: input.role, tokenHash: tokenHash(token), at: clock.now().getTime() });
    return { email: added.email, role: added.role, token };
  },
  'members/remove': ({ owner, input, members, clock }) => members.remove(owner.orgId, input.email, clock.now().getTime()),
  'sync/pull': ({ owner, input, sync }) => {
    if (!sync) throw new RefusedError('not_available', 'sync/pull is not served by this server');
    return sync.pull(owner.orgId, input.after, input.limit);
  },
};
