import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../preload/channels.js';
import { CHANNEL_ROLES, isRole, roleAllows, ROLES, SERVER_ROUTE_ROLES } from '../../main/server/roles.js';

describe('roles: one table gives every route of the team server its least role', () => {
  it('every handler-table channel has a role, and the table names no channel that does not exist', () => {
    for (const channel of CHANNELS) expect(isRole(CHANNEL_ROLES[channel]), channel).toBe(true);
    expect(Object.keys(CHANNEL_ROLES).sort()).toEqual([...CHANNELS].sort());
  });

  it("the server's own routes are not channel names (one /api/<name> space)", () => {
    for (const route of Object.keys(SERVER_ROUTE_ROLES)) expect((CHANNELS as readonly string[]).includes(route), route).toBe(false);
  });

  it.each([
    ['viewer', 'viewer', true],
    ['viewer', 'lead', false],
    ['viewer', 'admin', false],
    ['lead', 'viewer', true],
    ['lead', 'lead', true],
    ['lead', 'admin', false],
    ['admin', 'viewer', true],
    ['admin', 'lead', true],
    ['admin', 'admin', true],
  ] as const)('a %s may do what needs a %s: %s', (has, needs, allowed) => {
    expect(roleAllows(has, needs)).toBe(allowed);
  });

  // The SPEC's sentence, route by route: viewer reads; lead also runs deployments, buys credits,
  // redeems coupons; admin also sets auto-refill, prices, coupons and members.
  it.each([
    ['snapshot/get', 'viewer'],
    ['ledger/page', 'viewer'],
    ['deployments/list', 'viewer'],
    ['insights/analysis', 'viewer'],
    ['alerts/list', 'viewer'],
    ['reports/export', 'viewer'],
    ['payments/receipt', 'viewer'],
    ['deployments/create', 'lead'],
    ['deployments/start', 'lead'],
    ['deployments/pause', 'lead'],
    ['deployments/resume', 'lead'],
    ['deployments/stop', 'lead'],
    ['payments/purchase', 'lead'],
    ['payments/checkout', 'lead'],
    ['coupons/redeem', 'lead'],
    ['payments/setAutoRefill', 'admin'],
    ['settings/update', 'admin'],
    ['control/set', 'admin'],
  ] as const)('%s needs %s', (channel, role) => {
    expect(CHANNEL_ROLES[channel]).toBe(role);
  });

  it.each(['members/add', 'members/list', 'members/remove'] as const)('%s needs admin', (route) => {
    expect(SERVER_ROUTE_ROLES[route]).toBe('admin');
  });

  it.each([
    ['viewer', true],
    ['lead', true],
    ['admin', true],
    ['Admin', false],
    ['owner', false],
    ['', false],
    [null, false],
  ])('isRole(%j) is %s', (text, expected) => {
    expect(isRole(text)).toBe(expected);
    if (expected) expect(ROLES).toContain(text);
  });
});
