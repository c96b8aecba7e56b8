import { describe, expect, it } from 'vitest';
import { patchRefillState } from '../../../main/core/payments/refill-store.js';
import { useHandlerServices } from '../../support/handler-fixture.js';

// The payments operations the CLI's `refill`, `cards` and `credits` commands call through the door (issue 11: one door).
describe('payments operations the CLI shares with every host', () => {
  const h = useHandlerServices('2026-03-02T09:00:00Z');

  it("auto-refill answers carry the refill's state: failures in a row, a refill waiting for the card holder, one in flight", async () => {
    expect(await h.call('payments/getAutoRefill', {})).toMatchObject({ result: { enabled: false, failuresInARow: 0, needsAction: null, inFlight: null } });
    patchRefillState(h.services().engine.db, { failures: 2, needsAction: 'pi_waiting' });
    expect(await h.call('payments/getAutoRefill', {})).toMatchObject({ result: { failuresInARow: 2, needsAction: 'pi_waiting', inFlight: null } });
    expect(await h.call('payments/setAutoRefill', { enabled: false })).toMatchObject({ result: { enabled: false, failuresInARow: 2 } });
  });
});
