import { RefusedError } from '../../main/core/errors.js';
import type { MemberDirectory, MemberView, OrgCreator, RemovedMember, TokenOwner } from '../../main/core/team/member-directory.js';
import type { Role } from '../../main/core/team/roles.js';

interface MemberRow {
  id: number;
  orgId: number;
  email: string;
  role: Role;
  addedAt: number;
  removedAt: number | null;
}

/**
 * The member directory in memory, for tests of the server host and the CLI
 * without a database: the same rules as the PostgreSQL one (both pass
 * test/server/member-directory-cases.ts).
 */
export class MemoryMemberDirectory implements MemberDirectory, OrgCreator {
  private readonly orgs = new Map<number, string>();
  private readonly members: MemberRow[] = [];
  private readonly tokens = new Map<string, { memberId: number; revoked: boolean }>();

  createOrg(org: { name: string; adminEmail: string; tokenHash: string; at: number }): Promise<{ orgId: number }> {
    const orgId = this.orgs.size + 1;
    this.orgs.set(orgId, org.name);
    this.insert(orgId, org.adminEmail, 'admin', org.tokenHash, org.at);
    return Promise.resolve({ orgId });
  }

  authenticate(tokenHash: string): Promise<TokenOwner | null> {
    const t = this.tokens.get(tokenHash);
    const m = t && !t.revoked ? this.members.find((x) => x.id === t.memberId && x.removedAt === null) : undefined;
    if (!m) return Promise.resolve(null);
    return Promise.resolve({ orgId: m.orgId, orgName: this.orgs.get(m.orgId)!, memberId: m.id, email: m.email, role: m.role });
  }

  list(orgId: number): Promise<MemberView[]> {
    return Promise.resolve(this.live(orgId).map(view));
  }

  add(orgId: number, member: { email: string; role: Role; tokenHash: string; at: number }): Promise<MemberView> {
    if (this.live(orgId).some((m) => m.email === member.email)) return Promise.reject(new RefusedError('member_exists', `${member.email} is already a member`));
    return Promise.resolve(view(this.insert(orgId, member.email, member.role, member.tokenHash, member.at)));
  }

  remove(orgId: number, email: string, at: number): Promise<RemovedMember> {
    const m = this.live(orgId).find((x) => x.email === email);
    if (!m) return Promise.reject(new RefusedError('unknown_member', `${email} is not a member`));
    if (m.role === 'admin' && this.live(orgId).filter((x) => x.role === 'admin').length === 1)
      return Promise.reject(new RefusedError('last_admin', 'last admin'));
    m.removedAt = at;
    for (const t of this.tokens.values()) if (t.memberId === m.id) t.revoked = true;
    return Promise.resolve({ email: m.email, role: m.role, removedAt: new Date(at).toISOString() });
  }

  private live(orgId: number): MemberRow[] {
    return this.members.filter((m) => m.orgId === orgId && m.removedAt === null);
  }

  private insert(orgId: number, email: string, role: Role, tokenHash: string, at: number): MemberRow {
    const row: MemberRow = { id: this.members.length + 1, orgId, email, role, addedAt: at, removedAt: null };
    this.members.push(row);
    this.tokens.set(tokenHash, { memberId: row.id, revoked: false });
    return row;
  }
}

function view(m: MemberRow): MemberView {
  return { email: m.email, role: m.role, addedAt: new Date(m.addedAt).toISOString() };
}
