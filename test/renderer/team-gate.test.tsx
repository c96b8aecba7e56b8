import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TeamStatus } from '../../preload/contract';
import { allowance, offer } from '../../renderer/src/features/team/allowed';
import { GateView } from '../../renderer/src/features/team/Gate';
import { offlineLine, teamRows } from '../../renderer/src/features/team/team-words';

/** A viewer of Acme as the host reports one (denied: the server's role table's answer for a viewer, in part). */
const viewer: TeamStatus = {
  mode: 'connected',
  server: 'https://burnrate.acme.test',
  orgName: 'Acme',
  email: 'vi@acme.test',
  role: 'viewer',
  online: true,
  lastSyncedAt: Date.parse('2026-03-02T09:00:00Z'),
  denied: ['payments/purchase', 'deployments/start', 'coupons/redeem'],
};

describe('which actions a member is offered', () => {
  it.each([
    { what: 'local mode offers everything', status: { mode: 'local' } as TeamStatus, ok: true, reason: null },
    { what: 'before the host answered, nothing is held back', status: null, ok: true, reason: null },
    { what: 'a channel the role may call', status: viewer, channel: 'alerts/list', ok: true, reason: null },
    { what: "a channel the server's role table denies", status: viewer, ok: false, reason: /^Not for your role: viewers in Acme can't do this/ },
    { what: 'any action while offline', status: { ...viewer, denied: [], online: false }, ok: false, reason: /^Offline: actions need the team server/ },
  ])('$what', ({ status, channel, ok, reason }) => {
    const a = allowance(status, (channel ?? 'payments/purchase') as never);
    expect(a.ok).toBe(ok);
    if (reason === null) expect(a.reason).toBeNull();
    else expect(a.reason).toMatch(reason);
    expect(offer(a)).toEqual({ disabled: !ok, title: a.reason ?? undefined });
  });

  it('a gated form is disabled whole, with the reason on a line a test can find; an allowed one is left as it is', () => {
    const form = (status: TeamStatus) => (
      <GateView channel="payments/purchase" allowed={allowance(status, 'payments/purchase')}>
        <button data-testid="buy-now">Buy</button>
      </GateView>
    );
    const denied = renderToStaticMarkup(form(viewer));
    expect(denied).toMatch(/^<fieldset class="gate" disabled="">/);
    expect(denied).toContain('data-testid="not-allowed" data-channel="payments/purchase"');
    expect(denied).toContain('Not for your role: viewers in Acme');
    expect(renderToStaticMarkup(form({ ...viewer, role: 'lead', denied: [] }))).toBe('<button data-testid="buy-now">Buy</button>');
  });
});

describe('the team status in words', () => {
  it('Settings shows who, which role, which org, where, online or not and when last synced', () => {
    expect(Object.fromEntries(teamRows(viewer, 'Europe/Berlin').map((r) => [r.testId, r.value]))).toEqual({
      'team-email': 'vi@acme.test',
      'team-role': 'viewer',
      'team-org': 'Acme',
      'team-server': 'https://burnrate.acme.test',
      'team-online': 'Online',
      'team-synced': '2 Mar 2026, 10:00',
    });
  });

  it('offline, one line says the figures are the synced copy and actions are refused; nothing to say otherwise', () => {
    expect(offlineLine({ ...viewer, online: false }, 'UTC')).toBe(
      "Offline: can't reach the team server at https://burnrate.acme.test. What you see comes from the synced ledger (last synced 2 Mar 2026, 09:00); actions are refused until it is back, and nothing is queued.",
    );
    // A token the server refuses (revoked, the member removed) is said as such, with what to do.
    expect(offlineLine({ ...viewer, online: false, refused: 'unknown or revoked token.' }, 'UTC')).toBe(
      "The team server at https://burnrate.acme.test refused this computer's member token (unknown or revoked token): ask an admin of your org for a new one, then Disconnect in Settings and connect with it. What you see comes from the synced ledger (last synced 2 Mar 2026, 09:00); actions are refused.",
    );
    expect(offlineLine(viewer)).toBeNull();
    expect(offlineLine({ mode: 'local' })).toBeNull();
  });
});
