import { RefusedError } from '../../core/errors.js';
import type { MemberDirectory, MemberView, OrgCreator, RemovedMember, TokenOwner } from '../../core/team/member-directory.js';
import type { Role } from '../../core/team/roles.js';
import type { ConnectionHolder } from './connection-holder.js';
import { createOrg } from './orgs.js';
import { PgError, type SyncConnection } from './sync-connection.js';

interface MemberRow {
  id: number;
  email: string;
  role: Role;
  added_at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const view = (m: MemberRow): MemberView => ({ email: m.email, role: m.role, addedAt: iso(m.added_at) });

/**
 * Orgs, members and tokens on PostgreSQL (tables of migration 003). Every
 * transaction but the token lookup is scoped to one org, so row-level security
 * keeps another org's rows out whatever a query says. Membership changes of an
 * org take its orgs row lock first: they run one after another, so two admins
 * removing each other at once cannot leave the org with none.
 */
export class PgMemberDirectory implements MemberDirectory, OrgCreator {
  constructor(private readonly db: ConnectionHolder) {}

  /** One statement (migration 006's burnrate_token_owner), outside any explicit transaction: one round trip per request, no cache. */
  async authenticate(tokenHash: string): Promise<TokenOwner | null> {
    const row = this.db.use((conn) =>
      conn.get<{ org_id: number | string; org_name: string; member_id: number | string; email: string; role: Role }>(
        'SELECT org_id, org_name, member_id, email, role FROM burnrate_token_owner($1)',
        [tokenHash],
      ),
    );
    return row ? { orgId: Number(row.org_id), orgName: row.org_name, memberId: Number(row.member_id), email: row.email, role: row.role } : null;
  }

  async list(orgId: number): Promise<MemberView[]> {
    return this.db.use((conn) =>
      conn.transaction(
        () => conn.all<MemberRow>('SELECT id, email, role, added_at FROM members WHERE org_id = burnrate_org() AND removed_at IS NULL ORDER BY id').map(view),
        { orgId },
      ),
    );
  }

  async add(orgId: number, member: { email: string; role: Role; tokenHash: string; at: number }): Promise<MemberView> {
    return this.db.use((conn) => conn.transaction(() => view(insertMember(conn, { ...member, lock: true })), { orgId }));
  }

  async remove(orgId: number, email: string, at: number): Promise<RemovedMember> {
    return this.db.use((conn) =>
      conn.transaction(
        () => {
          lockOrg(conn);
          const m = conn.get<MemberRow>('SELECT id, email, role, added_at FROM members WHERE org_id = burnrate_org() AND email = $1 AND removed_at IS NULL', [
            email,
          ]);
          if (!m) throw new RefusedError('unknown_member', `${email} is not a member of this org`);
          if (m.role === 'admin') {
            const { n } = conn.get<{ n: number }>(
              "SELECT count(*)::int AS n FROM members WHERE org_id = burnrate_org() AND role = 'admin' AND removed_at IS NULL",
            )!;
            if (n <= 1) throw new RefusedError('last_admin', `${email} is the org's last admin: add another admin first`);
          }
          conn.run('UPDATE member_tokens SET revoked_at = $2 WHERE org_id = burnrate_org() AND member_id = $1 AND revoked_at IS NULL', [m.id, at]);
          conn.run('UPDATE members SET removed_at = $2 WHERE org_id = burnrate_org() AND id = $1', [m.id, at]);
          return { email: m.email, role: m.role, removedAt: iso(at) };
        },
        { orgId },
      ),
    );
  }

  async createOrg(org: { name: string; adminEmail: string; tokenHash: string; at: number }): Promise<{ orgId: number }> {
    return this.db.use((conn) => ({
      orgId: createOrg(conn, org.name, org.at, () => {
        insertMember(conn, { email: org.adminEmail, role: 'admin', tokenHash: org.tokenHash, at: org.at, lock: false });
      }),
    }));
  }
}

/** Serialises membership changes within the scoped org (until the transaction ends). */
function lockOrg(conn: SyncConnection): void {
  conn.get('SELECT id FROM orgs WHERE id = burnrate_org() FOR UPDATE');
}

/** Adds a member and their first token to the scoped org; refuses an email that is already a member. */
function insertMember(conn: SyncConnection, m: { email: string; role: Role; tokenHash: string; at: number; lock: boolean }): MemberRow {
  if (m.lock) lockOrg(conn);
  const exists = conn.get('SELECT 1 FROM members WHERE org_id = burnrate_org() AND email = $1 AND removed_at IS NULL', [m.email]);
  if (exists) throw new RefusedError('member_exists', `${m.email} is already a member of this org`);
  let row: MemberRow;
  try {
    row = conn.get<MemberRow>('INSERT INTO members (email, role, added_at) VALUES ($1, $2, $3) RETURNING id, email, role, added_at', [m.email, m.role, m.at])!;
  } catch (err) {
    // Another process added the same email between the check and the insert (only when the org was not locked).
    if (err instanceof PgError && err.code === '23505') throw new RefusedError('member_exists', `${m.email} is already a member of this org`);
    throw err;
  }
  conn.run('INSERT INTO member_tokens (member_id, token_hash, created_at) VALUES ($1, $2, $3)', [row.id, m.tokenHash, m.at]);
  return row;
}
