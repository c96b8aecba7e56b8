import type { Role } from './roles.js';

/** One member of an org, as the API shows it (never with a token or its hash). */
export interface MemberView {
  email: string;
  role: Role;
  /** ISO-8601 UTC. */
  addedAt: string;
}

/** A removed member. */
export interface RemovedMember {
  email: string;
  role: Role;
  /** ISO-8601 UTC; the member's tokens stopped working at this instant. */
  removedAt: string;
}

/** The member a live token belongs to (what every request is authorised as). */
export interface TokenOwner {
  orgId: number;
  orgName: string;
  memberId: number;
  email: string;
  role: Role;
}

/**
 * The team server's store of orgs, members and tokens (a port: PostgreSQL on
 * the server, a map in unit tests). Every method but `authenticate` works
 * inside one org and cannot see another's rows. Refusals are RefusedErrors:
 * `member_exists`, `unknown_member`, `last_admin`, `invalid_name`.
 */
export interface MemberDirectory {
  /** The live member a token hash belongs to; null for an unknown or revoked token, or a removed member. */
  authenticate(tokenHash: string): Promise<TokenOwner | null>;
  /** The org's current members, oldest first. */
  list(orgId: number): Promise<MemberView[]>;
  /** Adds a member with one token (its hash); refuses an email that is already a member of this org. */
  add(orgId: number, member: { email: string; role: Role; tokenHash: string; at: number }): Promise<MemberView>;
  /** Removes a member and revokes all their tokens at once; refuses removing the org's last admin. */
  remove(orgId: number, email: string, at: number): Promise<RemovedMember>;
}

/** Creates orgs (the `server org create` command, straight on the database: there is no one to ask yet). */
export interface OrgCreator {
  /** A new org with its first admin holding one token (its hash). */
  createOrg(org: { name: string; adminEmail: string; tokenHash: string; at: number }): Promise<{ orgId: number }>;
}
