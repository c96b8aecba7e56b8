import type { Clock } from '../core/clock.js';
import type { MemberDirectory, TokenOwner } from '../core/team/member-directory.js';
import type { ServerRoutes } from './protocol.js';
import type { ServerRoute } from './roles.js';
import { newMemberToken, tokenHash } from './tokens.js';

/** What a server route is given: the caller (already authorised for it), its checked input and the request's clock. */
interface RouteCall<R extends ServerRoute> {
  owner: TokenOwner;
  input: ServerRoutes[R]['input'];
  members: MemberDirectory;
  clock: Clock;
}

type RouteTable = { [R in ServerRoute]: (call: RouteCall<R>) => Promise<ServerRoutes[R]['output']> };

/** The team server's own routes: who am I, and the org's members. Each works inside the caller's org only. */
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
};
