import { describe, expect, it } from 'vitest';
import type { MemberDirectory, OrgCreator } from '../../main/core/team/member-directory.js';
import { newMemberToken, tokenHash } from '../../main/server/tokens.js';

const AT = Date.UTC(2026, 0, 5, 9);

/** A directory's rules, the same for every implementation (in memory, PostgreSQL). */
export function memberDirectoryCases(name: string, make: () => Promise<MemberDirectory & OrgCreator>): void {
  describe(`${name}: orgs, members and tokens`, () => {
    /** A fresh org with its admin; the admin's token. */
    async function org(dir: MemberDirectory & OrgCreator, orgName = 'Acme') {
      const admin = newMemberToken();
      const { orgId } = await dir.createOrg({ name: orgName, adminEmail: `admin@${orgName.toLowerCase()}.test`, tokenHash: tokenHash(admin), at: AT });
      return { orgId, admin };
    }

    it("an org starts with its admin, whose token authenticates as that org's admin", async () => {
      const dir = await make();
      const { orgId, admin } = await org(dir);
      expect(await dir.authenticate(tokenHash(admin))).toMatchObject({ orgId, orgName: 'Acme', email: 'admin@acme.test', role: 'admin' });
      expect(await dir.list(orgId)).toEqual([{ email: 'admin@acme.test', role: 'admin', addedAt: new Date(AT).toISOString() }]);
    });

    it('an unknown token authenticates as no one', async () => {
      const dir = await make();
      await org(dir);
      expect(await dir.authenticate(tokenHash(newMemberToken()))).toBeNull();
    });

    it('add, then remove: the removed member’s token stops at once, and the email may be added again with a new one', async () => {
      const dir = await make();
      const { orgId } = await org(dir);
      const first = newMemberToken();
      expect(await dir.add(orgId, { email: 'lee@acme.test', role: 'lead', tokenHash: tokenHash(first), at: AT + 1 })).toEqual({
        email: 'lee@acme.test',
        role: 'lead',
        addedAt: new Date(AT + 1).toISOString(),
      });
      expect((await dir.authenticate(tokenHash(first)))?.role).toBe('lead');
      await expect(dir.add(orgId, { email: 'lee@acme.test', role: 'viewer', tokenHash: tokenHash(newMemberToken()), at: AT })).rejects.toMatchObject({
        code: 'member_exists',
      });
      expect(await dir.remove(orgId, 'lee@acme.test', AT + 2)).toEqual({ email: 'lee@acme.test', role: 'lead', removedAt: new Date(AT + 2).toISOString() });
      expect(await dir.authenticate(tokenHash(first))).toBeNull();
      expect((await dir.list(orgId)).map((m) => m.email)).toEqual(['admin@acme.test']);
      const second = newMemberToken();
      await dir.add(orgId, { email: 'lee@acme.test', role: 'viewer', tokenHash: tokenHash(second), at: AT + 3 });
      expect((await dir.authenticate(tokenHash(second)))?.role).toBe('viewer');
      expect(await dir.authenticate(tokenHash(first))).toBeNull();
    });

    it('the last admin cannot be removed; with a second admin, either one can', async () => {
      const dir = await make();
      const { orgId } = await org(dir);
      await expect(dir.remove(orgId, 'admin@acme.test', AT)).rejects.toMatchObject({ code: 'last_admin' });
      await dir.add(orgId, { email: 'two@acme.test', role: 'admin', tokenHash: tokenHash(newMemberToken()), at: AT });
      await dir.remove(orgId, 'admin@acme.test', AT);
      await expect(dir.remove(orgId, 'two@acme.test', AT)).rejects.toMatchObject({ code: 'last_admin' });
    });

    it('another org is invisible: its members are not listed and cannot be removed; the same email may be in both', async () => {
      const dir = await make();
      const a = await org(dir, 'Acme');
      const b = await org(dir, 'Other');
      await dir.add(a.orgId, { email: 'shared@x.test', role: 'lead', tokenHash: tokenHash(newMemberToken()), at: AT });
      expect((await dir.list(b.orgId)).map((m) => m.email)).toEqual(['admin@other.test']);
      await expect(dir.remove(b.orgId, 'shared@x.test', AT)).rejects.toMatchObject({ code: 'unknown_member' });
      await expect(dir.remove(b.orgId, 'admin@acme.test', AT)).rejects.toMatchObject({ code: 'unknown_member' });
      await dir.add(b.orgId, { email: 'shared@x.test', role: 'viewer', tokenHash: tokenHash(newMemberToken()), at: AT });
      expect((await dir.list(a.orgId)).find((m) => m.email === 'shared@x.test')?.role).toBe('lead');
      expect((await dir.authenticate(tokenHash(b.admin)))?.orgId).toBe(b.orgId);
    });

    it('removing someone who is not a member is refused', async () => {
      const dir = await make();
      const { orgId } = await org(dir);
      await expect(dir.remove(orgId, 'nobody@acme.test', AT)).rejects.toMatchObject({ code: 'unknown_member' });
    });
  });
}
