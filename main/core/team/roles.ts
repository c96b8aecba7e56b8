/** A member's role in an org: each one can do everything the one before it can. */
export type Role = 'viewer' | 'lead' | 'admin';

/** Every role, weakest first. */
export const ROLES = ['viewer', 'lead', 'admin'] as const satisfies readonly Role[];

/** True when `text` names a role. */
export function isRole(text: unknown): text is Role {
  return typeof text === 'string' && (ROLES as readonly string[]).includes(text);
}

/** True when a member with role `has` may do what needs `needs`. */
export function roleAllows(has: Role, needs: Role): boolean {
  return ROLES.indexOf(has) >= ROLES.indexOf(needs);
}
